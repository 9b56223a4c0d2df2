#!/bin/sh
# Regenerate patches/ from base..HEAD of build/linux, deterministically:
# stable names, no version signature, zero "From" hashes, --base, and a
# cover letter whose subject and text come from cover-letter.txt, the
# same bytes whatever the user's git identity and configuration.
# With --check, only tell (exit status) whether patches/ is up to date.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Only the options given here shape the output: no global or system git
# configuration, and the cover letter's From: (which format-patch takes
# from the user's identity) is the series' author, so that any machine
# exports the same bytes.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
author=$(git -C "$tree" log -1 --format=%an base..HEAD)
email=$(git -C "$tree" log -1 --format=%ae base..HEAD)
git -C "$tree" -c user.name="$author" -c user.email="$email" -c core.abbrev=12 -c diff.noprefix=false -c format.signature= \
	-c format.coverLetter=false -c format.thread=false \
	format-patch -q --no-signature --zero-commit --base=base --cover-letter \
	-o "$tmp" base..HEAD >/dev/null

python3 - "$tmp/0000-cover-letter.patch" "$top/cover-letter.txt" <<'PY'
import sys
path, text = sys.argv[1], open(sys.argv[2]).read().split('\n', 2)
subject, body = text[0].strip(), (text[2] if len(text) > 2 else '').rstrip() + '\n'
s = open(path).read()
s = s.replace('*** SUBJECT HERE ***', subject).replace('*** BLURB HERE ***\n', body)
# The cover letter's date is the time of export: pin it to the last patch's
lines = s.split('\n')
import glob, os
last = sorted(glob.glob(os.path.join(os.path.dirname(path), '[0-9]*.patch')))[-1]
date = next(l for l in open(last) if l.startswith('Date: '))
s = '\n'.join(date.rstrip('\n') if l.startswith('Date: ') else l for l in lines)
open(path, 'w').write(s)
PY

if [ "${1:-}" = --check ]; then
	# Another machine's package gives another base commit, not other patches
	diff -r -q -I '^base-commit: ' "$tmp" "$top/patches" >/dev/null
	exit
fi
rm -f "$top"/patches/*.patch
cp "$tmp"/*.patch "$top/patches/"
echo "export: $(ls "$tmp" | grep -vc '^0000-') patches and a cover letter in patches/"
