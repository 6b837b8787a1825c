"""A folder in memory (tmpfs) for the server's small, hot files, where the host has one; None: the default temp folder."""
import os

MEMORY_DIR = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
