"""Video into a show besides the console: demo broadcaster, RTP, RTMP listeners, synthetic media."""
