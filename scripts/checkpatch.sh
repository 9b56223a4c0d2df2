#!/bin/sh
# Run checkpatch.pl --strict on every patch of patches/ (whose message
# must end with its Signed-off-by), and kernel-doc on the C files the
# series touches.  Any ERROR, WARNING
# or CHECK fails, unless checkpatch-exceptions lists it with a reason:
#   <patch file glob> <checkpatch TYPE> <reason...>
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
tree=${TREE:-$top/build/linux}
exceptions=$top/checkpatch-exceptions
bad=0 n=0
for p in "$top"/patches/[0-9][0-9][0-9][0-9]-*.patch; do
	name=$(basename "$p")
	[ "$name" = 0000-cover-letter.patch ] && continue
	n=$((n + 1))
	# The message ends with its Signed-off-by: nothing after the trailer
	# (an editor's template left in by a scripted reword, say)
	last=$(awk '/^---$/ { exit } NF { l = $0 } END { print l }' "$p")
	case $last in
	Signed-off-by:*) ;;
	*)	echo "checkpatch: $name: message does not end with Signed-off-by: $last"
		echo x >> "$top/build/checkpatch.bad" ;;
	esac
	out=$(cd "$tree" && perl scripts/checkpatch.pl --strict --show-types \
		--no-summary --terse "$p" 2>&1 || true)
	echo "$out" | grep -E '(ERROR|WARNING|CHECK):' | while IFS= read -r line; do
		type=$(echo "$line" | sed -n 's/.*\(ERROR\|WARNING\|CHECK\):\([A-Z0-9_]*\):.*/\2/p')
		excused=
		if [ -f "$exceptions" ]; then
			while read -r glob etype reason; do
				case $glob in ''|'#'*) continue ;; esac
				# shellcheck disable=SC2254
				case $name in $glob) [ "$etype" = "$type" ] && [ -n "$reason" ] && excused=1 ;; esac
			done < "$exceptions"
		fi
		if [ -n "$excused" ]; then
			echo "checkpatch: $name: excused: $line"
		else
			echo "checkpatch: $name: $line"
			echo x >> "$top/build/checkpatch.bad"
		fi
	done
done
# kernel-doc: no new warning in the C files the series touches (compared
# with the same file at base, line numbers ignored).
kd=$(mktemp -d)
for f in $(git -C "$tree" diff --name-only base..HEAD -- '*.c' '*.h' | grep -v '^tools/'); do
	norm() { sed -e 's/^[^:]*:[0-9]*: //' | sort; }
	(cd "$tree" && perl scripts/kernel-doc -none "$f" 2>&1) | norm > "$kd/new"
	if git -C "$tree" cat-file -e "base:$f" 2>/dev/null; then
		mkdir -p "$kd/base/$(dirname "$f")"
		git -C "$tree" show "base:$f" > "$kd/base/$f"
		perl "$tree/scripts/kernel-doc" -none "$kd/base/$f" 2>&1 | norm > "$kd/old"
	else
		: > "$kd/old"
	fi
	comm -13 "$kd/old" "$kd/new" | while IFS= read -r w; do
		echo "kernel-doc: $f: $w"
		echo x >> "$top/build/checkpatch.bad"
	done
done
rm -rf "$kd"

if [ -s "$top/build/checkpatch.bad" ]; then
	bad=$(wc -l < "$top/build/checkpatch.bad")
	rm -f "$top/build/checkpatch.bad"
	echo "checkpatch: $bad problem(s) in $n patches"
	exit 1
fi
echo "checkpatch: $n patches clean (--strict), no new kernel-doc warnings"
