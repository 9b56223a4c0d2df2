#!/bin/sh
# patches/ must be what any machine exports from base + patches/: apply
# patches/ on base in a scratch worktree, as "make tree" does, and export
# it under another git identity, with a global configuration that would
# change format-patch's output if export.sh let it.  Byte for byte equal,
# or the differences are shown.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=$top/build/linux
tmp=$(mktemp -d)
wt=$tmp/wt
cleanup() {
	git -C "$tree" worktree remove --force "$wt" >/dev/null 2>&1 || true
	rm -rf "$tmp"
}
trap cleanup EXIT

git -C "$tree" worktree add -q --detach "$wt" base
"$top/scripts/unignore.sh" "$wt"
for p in "$top"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	case $p in */0000-cover-letter.patch) continue ;; esac
	git -C "$wt" -c user.name="Someone Else" -c user.email=else@example.com \
		am -q --committer-date-is-author-date "$p"
done

mkdir -p "$tmp/home" "$tmp/out"
cat > "$tmp/home/.gitconfig" <<-'EOF'
[user]
	name = Someone Else
	email = else@example.com
[format]
	signOff = true
	numbered = true
	signature = not ours
[diff]
	noprefix = true
	context = 5
[core]
	abbrev = 7
EOF
# export.sh writes into patches/ of its top: run a copy with its own top
mkdir -p "$tmp/top/scripts" "$tmp/top/patches"
cp "$top/scripts/export.sh" "$tmp/top/scripts/"
cp "$top/cover-letter.txt" "$tmp/top/"
HOME=$tmp/home TREE=$wt sh "$tmp/top/scripts/export.sh" >/dev/null
# The base commit's hash is the package's content: a machine with another
# linux-source-6.1 gets another one.  Told, not failed (make tree warns).
diff -r -u -I '^base-commit: ' "$top/patches" "$tmp/top/patches" > "$tmp/diff" || true
if [ ! -s "$tmp/diff" ]; then
	if ! grep -qx "base-commit: $(git -C "$tree" rev-parse base)" "$top/patches/0000-cover-letter.patch"; then
		echo "check-export: note: patches/ was made on another base commit than this machine's package"
	fi
	echo "check-export: patches/ is reproduced byte for byte under another git identity and configuration"
	exit 0
fi
echo "check-export: FAIL: exporting base + patches/ elsewhere gives other bytes:" >&2
head -40 "$tmp/diff" >&2
exit 1
