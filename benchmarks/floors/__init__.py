"""The floors the dashboard is measured against: small Streamlit + pydeck apps of its stack.

``same_picture.py`` draws the dashboard's arcs over the same countries at the stack's
cheapest (served with the polygons' file by ``serve.py``); ``arcs_only.py`` draws the arcs
alone. Both take the period from a ``st.select_slider`` over the dashboard's months.
"""
