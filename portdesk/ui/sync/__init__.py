"""The desktop's background carrier sync: the controller, its status-bar indicator and notifications."""
