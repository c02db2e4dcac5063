"""The camera: frames in a worker, codes decoded from them, and face presence for the identity step."""
