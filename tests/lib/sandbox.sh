# SPDX-License-Identifier: GPL-2.0-or-later
# shellcheck shell=bash
#
# Runs the real tshark with the freshly built plugin, in a throw-away folder.
#
# Wireshark ignores WIRESHARK_PLUGIN_DIR and the personal plugin folder when
# its real uid is 0, and the clone may sit under a folder other users cannot
# enter.  So as root tshark runs as nobody (65534), with the plugin, HOME and
# every input copied into a temporary folder that user can read.
#
# Needs: SIPSTATUS_PLUGIN (path of the built sipstatus.so) and
# SIPSTATUS_WS_VERSION (the Wireshark major.minor it was built for).

sandbox_create() {
	: "${SIPSTATUS_PLUGIN:?path of the built sipstatus.so}"
	: "${SIPSTATUS_WS_VERSION:?Wireshark major.minor the plugin was built for}"
	SANDBOX=$(mktemp -d "${TMPDIR:-/tmp}/sipstatus-test.XXXXXX")
	chmod 755 "$SANDBOX"
	mkdir -p "$SANDBOX/plugins/$SIPSTATUS_WS_VERSION/epan" "$SANDBOX/home" "$SANDBOX/in"
	cp "$SIPSTATUS_PLUGIN" "$SANDBOX/plugins/$SIPSTATUS_WS_VERSION/epan/sipstatus.so"
	chmod -R a+rX "$SANDBOX"
	# HOME must be writable: tshark keeps its recent-files state there.
	chmod 777 "$SANDBOX/home"
	trap sandbox_remove EXIT
}

sandbox_remove() {
	[ -n "${SANDBOX:-}" ] && rm -rf "$SANDBOX"
}

# sandbox_add FILE: copy an input into the sandbox, print its new path.
sandbox_add() {
	local dest
	dest="$SANDBOX/in/$(basename "$1")"
	cp "$1" "$dest"
	chmod a+r "$dest"
	printf '%s\n' "$dest"
}

# sandbox_config DIR: use DIR's files as the default profile
# (~/.config/wireshark): preferences, UAT files, colour filters.
sandbox_config() {
	mkdir -p "$SANDBOX/home/.config/wireshark"
	cp -RL "$1"/. "$SANDBOX/home/.config/wireshark/"
	chmod -R a+rwX "$SANDBOX/home"
}

# sandbox_tshark ARGS...: run tshark with only the sandbox's plugin folder.
sandbox_tshark() {
	local -a as_user=()
	if [ "$(id -u)" -eq 0 ]; then
		as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	(cd "$SANDBOX" && "${as_user[@]}" env -i PATH="$PATH" HOME="$SANDBOX/home" \
		LANG=C.UTF-8 WIRESHARK_PLUGIN_DIR="$SANDBOX/plugins" \
		"${SIPSTATUS_TSHARK:-tshark}" "$@")
}
