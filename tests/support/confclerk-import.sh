#!/usr/bin/env bash
# Imports a frab schedule.xml into ConfClerk (Debian's conference schedule app) the way a user
# would, and leaves ConfClerk's own SQLite database behind for the test to read back.
# ConfClerk has no command-line import: a first start creates its database, we add a conference
# whose URL is the schedule, then a second start reloads it (Ctrl+R, "Reload Conference").
# Usage (under xvfb-run): confclerk-import.sh <empty home folder> <schedule URL>
set -euo pipefail
home=$1 url=$2
export HOME=$home XDG_DATA_HOME=$home/data XDG_CONFIG_HOME=$home/config XDG_RUNTIME_DIR=$home/run
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
db=$XDG_DATA_HOME/Toastfreeware/ConfClerk/ConfClerk.sqlite

window_of() { xdotool search --sync --onlyvisible --class confclerk | head -1; }

confclerk >/dev/null 2>&1 & pid=$!
timeout 30 bash -c "$(declare -f window_of); window_of" >/dev/null
kill "$pid"; wait "$pid" 2>/dev/null || true
[ -f "$db" ] || { echo "ConfClerk made no database at $db" >&2; exit 1; }

sqlite3 "$db" "INSERT INTO conference (title, start, end, active, url) VALUES ('(importing)', 0, 0, 1, '${url//\'/\'\'}')"

confclerk >/dev/null 2>&1 & pid=$!
window=$(timeout 30 bash -c "$(declare -f window_of); window_of")
# The window can show before it takes keys: ask again every few seconds until the import starts.
last=-1
for i in $(seq 0 150); do
  if [ $((i % 15)) -eq 0 ] && [ "$last" -le 0 ]; then
    xdotool windowfocus "$window" 2>/dev/null || true
    xdotool key --window "$window" ctrl+r
  fi
  sleep 0.2
  # Done when the conference has its real title and the event count has stopped changing.
  title=$(sqlite3 "$db" "SELECT title FROM conference WHERE active = 1")
  count=$(sqlite3 "$db" "SELECT count(*) FROM event")
  if [ "$title" != "(importing)" ] && [ "$count" = "$last" ]; then break; fi
  last=$count
done
kill "$pid"; wait "$pid" 2>/dev/null || true
echo "$db"
