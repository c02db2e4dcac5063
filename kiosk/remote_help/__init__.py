"""Remote help (视频帮办): a WebRTC call from the kiosk to a tax officer (aiortc, its own asyncio thread).

`loop` runs the media thread, `tracks` the kiosk's outgoing and the officer's incoming media,
`call` the signalling and the peer connection, `actions` what an officer may ask of the kiosk,
`controller` the Qt side (states, consent, audit) that screens/remote_help draws.
"""
