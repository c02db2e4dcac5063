"""Remote help (V-Tax 远程帮办): officers' accounts, the call queue and WebRTC signalling.

The bureau only relays: SDP offers and answers between a kiosk (signed WebSocket) and an
officer's browser (session cookie). Media flows peer to peer, DTLS-SRTP encrypted.
"""
