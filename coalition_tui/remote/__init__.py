"""Partners on their own computers: one live session shared between machines.

Imported only by ``coalition host`` / ``coalition join`` and the F12 key: the
sync engine (pycrdt, pycrdt-websocket, websockets) is never loaded at start-up.
Nothing here draws; ``live_control.py`` is the app's side.
"""
