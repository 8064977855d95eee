"""A tour of streamlit_go: run it with `python3 streamlit_go.py example_app.py`."""
import datetime as dt
import math

import streamlit_go as st

st.set_page_config(page_title="streamlit_go tour", page_icon="🎈")

# -- the sidebar: shown on every page -------------------------------------------------
with st.sidebar:
    st.header("Settings")
    unit = st.selectbox("Temperature unit", ["Celsius", "Fahrenheit"])
    show_code = st.checkbox("Show the code of the counter")
    st.divider()
    if "counted" not in st.session_state:          # once per session
        st.session_state.counted = True
        with st.shared_state.lock:
            st.shared_state["visits"] = st.shared_state.get("visits", 0) + 1
    st.metric("Sessions since start", st.shared_state.get("visits", 0))


# -- page 1: the tour ------------------------------------------------------------------
def tour():
    st.title("🎈 streamlit_go tour")
    st.caption("Streamlit's programming model in one standard-library file. Open this page "
               "in two browser windows and sign the guest book.")

    basics, live, data, forms = st.tabs(["Basics", "Live", "Data", "Forms"])

    # -- widgets rerun the script -------------------------------------------------------
    with basics:
        st.subheader("A counter that lives in session_state")
        if "clicks" not in st.session_state:
            st.session_state.clicks = 0
        col1, col2 = st.columns([1, 3], vertical_alignment="center")
        with col1:
            if st.button("Click me", type="primary"):
                st.session_state.clicks += 1
        with col2:
            st.write(f"You clicked **{st.session_state.clicks}** times.")
        if show_code:
            st.code('if st.button("Click me"):\n    st.session_state.clicks += 1')

        st.subheader("Widgets")
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
        mood = st.radio("Mood", ["🙂 fine", "😄 great", "😴 sleepy"], horizontal=True)
        st.caption(f"Feeling {mood}.")
        with st.expander("What happens on a click?"):
            st.markdown("The browser sends a `component_event`; the server reruns this "
                        "script for your session and sends back only the parts of the page "
                        "that changed.")

    # -- live, multi-user -----------------------------------------------------------------
    with live:
        st.subheader("A guest book shared by every visitor")
        with st.form("guest", clear_on_submit=True):
            line = st.text_input("Leave a line", max_chars=120)
            if st.form_submit_button("Sign") and line.strip():
                with st.shared_state.lock:
                    book = st.shared_state.get("book", [])
                    st.shared_state["book"] = (book + [f"{name or 'someone'}: {line}"])[-20:]
        for entry in reversed(st.shared_state.get("book", [])):
            st.write(entry)

        @st.fragment(run_every=1)
        def clock():
            st.metric("Server time", dt.datetime.now().strftime("%H:%M:%S"))

        clock()

    # -- data and charts ---------------------------------------------------------------------
    with data:
        st.subheader("Charts drawn on the server as SVG")
        points = st.slider("Points", 10, 100, 40)
        wave = {"sin": [math.sin(i / 6) for i in range(points)],
                "cos": [math.cos(i / 6) for i in range(points)]}
        st.line_chart(wave)
        st.bar_chart({"fruit": ["apples", "pears", "plums"], "kg": [3, 5, 2]}, x="fruit", y="kg")
        st.dataframe([{"planet": "Mercury", "moons": 0}, {"planet": "Earth", "moons": 1},
                      {"planet": "Mars", "moons": 2}, {"planet": "Jupiter", "moons": 95}])

    # -- forms ----------------------------------------------------------------------------------
    with forms:
        st.subheader("A form sends everything at once")
        with st.form("order"):
            size = st.select_slider("Size", ["S", "M", "L", "XL"], value="M")
            extras = st.multiselect("Extras", ["cheese", "olives", "basil"], default=["basil"])
            when = st.date_input("Delivery day", dt.date.today())
            ordered = st.form_submit_button("Order")
        if ordered:
            st.success(f"Ordered a {size} with {', '.join(extras) or 'nothing'} for {when}.")


# -- page 2: charts, maps and graphs, drawn on the server -------------------------------
def gallery():
    st.title("📊 Gallery")
    st.caption("Vega-Lite specs, maps and graphs become SVG on the server: no JavaScript "
               "chart library, a few KB per chart.")
    kind = st.segmented_control("Mark", ["bar", "line", "point"], default="bar")
    rain = [{"month": m, "rain": r} for m, r in zip(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun"], [78, 61, 55, 48, 60, 71])]
    st.vega_lite_chart(rain, {"mark": kind or "bar",
                              "encoding": {"x": {"field": "month", "type": "ordinal",
                                                 "sort": None},
                                           "y": {"field": "rain", "type": "quantitative",
                                                 "title": "rain (mm)"}}})
    st.map([{"lat": 52.52 + math.sin(i) / 50, "lon": 13.40 + math.cos(i * 1.3) / 30}
            for i in range(40)], size=60)
    st.graphviz_chart("digraph { rankdir=LR; click -> rerun -> diff -> patch }")
    st.feedback("stars")


page = st.navigation([st.Page(tour, title="Tour", icon="🎈", default=True),
                      st.Page(gallery, title="Gallery", icon="📊")])
page.run()

st.divider()
st.markdown("Made with `streamlit_go` — *one file, no dependencies*.")
