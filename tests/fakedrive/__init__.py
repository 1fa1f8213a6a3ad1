"""A fake Google Drive v3 and Google OAuth, checked against Drive's discovery document."""
