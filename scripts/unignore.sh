#!/bin/sh
# Debian's linux-source tarball ends its .gitignore with "/*" (ignore every
# top-level path), which would hide new files of the series from "git add".
# The base commit keeps the file as packaged; only the working copy loses
# those lines, and skip-worktree keeps that edit out of status and commits.
set -eu
tree=$1
cd "$tree"
git update-index --no-skip-worktree .gitignore
git checkout -q -- .gitignore
sed -i -e '/^\/\*$/d' -e '/^!\/debian\/$/d' .gitignore
git update-index --skip-worktree .gitignore
