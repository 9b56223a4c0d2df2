#!/bin/sh
# Run checkpatch.pl --strict on every patch of patches/.  Any ERROR, WARNING
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
if [ -s "$top/build/checkpatch.bad" ]; then
	bad=$(wc -l < "$top/build/checkpatch.bad")
	rm -f "$top/build/checkpatch.bad"
	echo "checkpatch: $bad problem(s) in $n patches"
	exit 1
fi
echo "checkpatch: $n patches clean (--strict)"
