#!/bin/sh
# `credcheck outlets list|show|import`: exit codes, exact output lines, config
# errors naming file and JSON path, the search order, atomic -o.
set -u
bin=${CC_BINARY:?CC_BINARY not set}
fx=${CC_FIXTURES_DIR:?CC_FIXTURES_DIR not set}
tmp=$(mktemp -d /tmp/cc_outlets_cli.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
out=$tmp/out
err=$tmp/err
fail=0

# A clean environment: no user config, no installed data file.
unset CREDCHECK_CONFIG XDG_CONFIG_HOME
export HOME=$tmp/home CREDCHECK_DATADIR=$tmp/nodata
mkdir -p "$HOME"

run() { # expected-exit description command...
    want=$1; shift; what=$1; shift
    "$@" >"$out" 2>"$err"
    got=$?
    if [ "$got" != "$want" ]; then
        echo "FAIL: $what: exit $got, want $want"; sed 's/^/  stderr: /' "$err"; fail=1
    fi
}
has() { # file description fixed-string
    grep -qxF -- "$3" "$1" || { echo "FAIL: $2: no line '$3' in:"; sed 's/^/  | /' "$1"; fail=1; }
}
starts() { # file description prefix
    head -n 1 "$1" | grep -qF -- "$3" && [ "$(head -n 1 "$1" | cut -c1-${#3})" = "$3" ] ||
        { echo "FAIL: $2: first line does not start with '$3':"; sed 's/^/  | /' "$1"; fail=1; }
}

# --help for the command and each action
run 0 "outlets --help" "$bin" outlets --help
starts "$out" "outlets --help" "usage: credcheck outlets"
for a in list show import; do
    run 0 "outlets $a --help" "$bin" outlets $a --help
    starts "$out" "outlets $a --help" "usage: credcheck outlets $a"
done

# list: the built-in registry (nothing on the search path)
run 0 "outlets list" "$bin" outlets list
has "$out" "list header" "NAME                      ALIASES                                       DOMAINS                             FEEDS  WIRE"
has "$out" "list Reuters row" "Reuters                   5: Reuter's, Reuters', Reuters news agenc...  reuters.com                             1  yes"
has "$out" "list Wikipedia row" "Wikipedia                 2: English Wikipedia, wiki?                   wikipedia.org                           0  no"
has "$out" "list summary" "16 outlets, 28 feeds (registry: built-in)"
[ -s "$err" ] && { echo "FAIL: list wrote to stderr"; cat "$err"; fail=1; }
run 0 "bare outlets" "$bin" outlets
has "$out" "bare outlets = list" "16 outlets, 28 feeds (registry: built-in)"

run 0 "list --format json" "$bin" outlets list --format json
python3 - "$out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
names = [o["name"] for o in d["outlets"]]
assert len(names) == 16 and names[0] == "Reuters" and "Wikipedia" in names, names
PY

# show: resolves aliases, possessives and domains
run 0 "show Reuter's" "$bin" outlets show "Reuter’s"
has "$out" "show name" "name:        Reuters"
has "$out" "show wire" "wire:        yes"
has "$out" "show match" "matched:     name"
run 0 "show multi-word" "$bin" outlets show Arab News Pakistan
has "$out" "show words" "name:        Arab News Pakistan"
run 0 "show ambiguous" "$bin" outlets show ET
has "$out" "show ET" "name:        Economic Times"
has "$out" "show ET match" "matched:     alias (ambiguous: needs context in an article)"
run 0 "show json" "$bin" outlets show "[Arabnews.pk]" --format json
python3 - "$out" <<'PY' || fail=1
import json, sys
o = json.load(open(sys.argv[1]))
assert o["name"] == "Arab News Pakistan", o
assert o["feeds"] == [{"url": "https://www.arabnews.pk/rss.xml", "insecure": False}], o["feeds"]
PY
run 2 "show unknown" "$bin" outlets show Sources 1
has "$err" "show unknown message" "credcheck: outlets: no outlet matches 'Sources 1' in built-in (see 'credcheck outlets list')"
run 2 "show without NAME" "$bin" outlets show
run 2 "show bad format" "$bin" outlets show --format xml Dawn

# config errors: exit 2, file + JSON path + reason
printf '{"outlets": [{"name": "A", "feeds": ["https://a.example/rss", "nope.xml"]}]}' >"$tmp/bad.json"
run 2 "bad config" "$bin" --config "$tmp/bad.json" outlets list
has "$err" "bad config message" "credcheck: $tmp/bad.json: outlets[0].feeds[1]: feed 'nope.xml' is neither an http(s) or file:// URL nor a readable file ('$tmp/nope.xml': No such file or directory)"
printf '{"outlets": [{"name": "A", "url": "x"}]}' >"$tmp/bad2.json"
run 2 "unknown key" "$bin" --config "$tmp/bad2.json" outlets show A
grep -qF "credcheck: $tmp/bad2.json: outlets[0]: unknown key 'url'" "$err" || { echo "FAIL: unknown key message"; cat "$err"; fail=1; }
run 2 "missing config" "$bin" --config "$tmp/none.json" outlets list
has "$err" "missing config message" "credcheck: $tmp/none.json: cannot open: No such file or directory"
CREDCHECK_CONFIG=$tmp/bad.json run 2 "bad \$CREDCHECK_CONFIG" "$bin" outlets list

# the search order: $CREDCHECK_CONFIG, then ~/.config
CREDCHECK_CONFIG=$fx/outlets.json run 0 "env config" "$bin" outlets list
has "$out" "env config summary" "16 outlets, 11 feeds (registry: $fx/outlets.json)"
mkdir -p "$HOME/.config/credcheck"
printf '{"outlets": [{"name": "Home Outlet"}]}' >"$HOME/.config/credcheck/outlets.json"
run 0 "home config" "$bin" outlets list
has "$out" "home config summary" "1 outlets, 0 feeds (registry: $HOME/.config/credcheck/outlets.json)"
rm -r "$HOME/.config"

# relative feed paths resolve against the config's folder, from any cwd
(cd / && "$bin" --config "$fx/outlets.json" outlets show --format json Dawn) >"$out" 2>"$err" || fail=1
python3 - "$out" "$fx" <<'PY' || fail=1
import json, sys
o = json.load(open(sys.argv[1]))
assert o["feeds"][0]["url"] == sys.argv[2] + "/feeds/dawn.xml", o["feeds"]
PY

# import: merge OPML into the registry, to a file (atomically) or stdout
run 0 "import -o" "$bin" outlets import -o "$tmp/merged.json" "$fx/opml/readers.opml"
has "$err" "import summary" "credcheck: $fx/opml/readers.opml: 12 feeds read: 2 new outlets, 8 merged into existing ones, 2 skipped; 18 outlets written to $tmp/merged.json"
[ -s "$out" ] && { echo "FAIL: import -o wrote to stdout"; fail=1; }
ls "$tmp" | grep -q '\.tmp\.' && { echo "FAIL: temporary file left behind"; fail=1; }
run 0 "merged registry loads" "$bin" --config "$tmp/merged.json" outlets list
has "$out" "merged summary" "18 outlets, 34 feeds (registry: $tmp/merged.json)"
run 0 "merged show" "$bin" --config "$tmp/merged.json" outlets show tribune.com.pk
has "$out" "merged new outlet" "name:        The Express Tribune"
run 0 "import stdout" "$bin" outlets import "$fx/opml/opml1_flat.opml"
python3 - "$out" <<'PY' || fail=1
import json, sys
d = json.load(open(sys.argv[1]))
names = [o["name"] for o in d["outlets"]]
assert "Café Society Weekly" in names and "Local Herald" in names and len(names) == 18, names
PY
run 2 "import malformed" "$bin" outlets import "$fx/opml/malformed.opml"
grep -qF "credcheck: $fx/opml/malformed.opml: line " "$err" || { echo "FAIL: malformed message"; cat "$err"; fail=1; }
run 2 "import missing file" "$bin" outlets import "$tmp/none.opml"
run 2 "import without file" "$bin" outlets import
run 3 "import to unwritable place" "$bin" outlets import -o "$tmp/no/such/dir/x.json" "$fx/opml/readers.opml"
grep -qF "credcheck: $tmp/no/such/dir/x.json: cannot write: " "$err" || { echo "FAIL: unwritable message"; cat "$err"; fail=1; }

# usage errors
run 2 "unknown action" "$bin" outlets frobnicate
run 2 "unknown option" "$bin" outlets --bogus
run 2 "list unknown option" "$bin" outlets list --bogus
run 2 "list extra argument" "$bin" outlets list extra
run 2 "import unknown option" "$bin" outlets import --bogus x.opml

exit $fail
