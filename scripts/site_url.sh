# The site's address for links in emails (account invitations, reminders) under `make run`:
# SITE_URL when the environment or the .env file sets it, else the address runserver serves on
# (host:port, or a port alone on 127.0.0.1). Prints nothing when .env sets it: the settings
# read it from there.
# Usage: site_url ADDR [ENV_FILE]
site_url() {
  local addr="$1" env_file="${2:-.env}"
  if [ -n "${SITE_URL:-}" ]; then
    echo "$SITE_URL"
  elif ! grep -qsE '^[[:space:]]*(export[[:space:]]+)?SITE_URL=' "$env_file"; then
    case "$addr" in
      *:*) ;;
      *) addr="127.0.0.1:$addr" ;;
    esac
    echo "http://$addr"
  fi
}
