"""A small tour of streamlit_go: run it with `python streamlit_go.py example_app.py`."""
import streamlit_go as st

st.set_page_config(page_title="streamlit_go tour", page_icon="🎈")
st.title("🎈 streamlit_go tour")
st.caption("Streamlit's programming model in one standard-library file.")

st.sidebar.header("Settings")
unit = st.sidebar.selectbox("Temperature unit", ["Celsius", "Fahrenheit"])
show_code = st.sidebar.checkbox("Show this app's idea in code")

st.header("A counter that lives in session_state")
if "clicks" not in st.session_state:
    st.session_state.clicks = 0
col1, col2 = st.columns([1, 3])
with col1:
    if st.button("Click me", type="primary"):
        st.session_state.clicks += 1
with col2:
    st.write(f"You clicked **{st.session_state.clicks}** times.")

st.header("Widgets rerun the script")
name = st.text_input("Your name", placeholder="Ada Lovelace", key="name")
if name:
    st.success(f"Hello, {name}!")
temp = st.slider("Temperature (°C)", -20, 45, 21)
shown = temp if unit == "Celsius" else round(temp * 9 / 5 + 32, 1)
st.write(f"It is **{shown}°{unit[0]}** outside.")
cups = st.number_input("Cups of coffee", min_value=0, max_value=12, value=2)
if cups > 4:
    st.warning("That is a lot of coffee.")
else:
    st.info(f"{cups} cups: a reasonable day.")

if show_code:
    st.code('count = st.button("Click me")\nname = st.text_input("Your name")', "python")

st.divider()
st.markdown("Made with `streamlit_go` — *one file, no dependencies*.")
