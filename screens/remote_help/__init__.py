"""Widgets of 视频帮办 (remote help): the call band and the button in the status strip."""
