#!/usr/bin/env bash
# Makes a JRE 17 base image from Debian packages, for machines that cannot pull registry images:
# debootstrap a minimal Debian with openjdk-17-jre-headless, then `podman import` it.
#   docker/podman-base-image.sh [image=localhost/lake-jre17:latest] [package=openjdk-17-jre-headless]
#   docker/podman-base-image.sh --print-mirror     prints the mirror it would use, and exits
# Needs root, debootstrap and podman (apt-get install -y podman runc debootstrap). Takes a few minutes.
# The Debian mirror is DEBIAN_MIRROR when set, else the one this machine's apt already uses for the suite:
# deb822 stanzas in $APT_ETC/sources.list.d/*.sources (URIs:), then one-line `deb` entries in
# $APT_ETC/sources.list and $APT_ETC/sources.list.d/*.list (APT_ETC defaults to /etc/apt).
set -euo pipefail
SUITE="bookworm"
APT_ETC="${APT_ETC:-/etc/apt}"

# First URI of an enabled `deb` source that serves $SUITE, from the deb822 files, then the one-line files.
# Plain POSIX awk and sed: Debian's default awk is mawk.
apt_mirror() {
  local sources=() lists=() f found=""
  for f in "$APT_ETC"/sources.list.d/*.sources; do [[ -f "$f" ]] && sources+=("$f"); done
  for f in "$APT_ETC"/sources.list "$APT_ETC"/sources.list.d/*.list; do [[ -f "$f" ]] && lists+=("$f"); done
  if ((${#sources[@]})); then
    found="$(awk -v suite="$SUITE" '
      function flush() {
        if (!done && (" " types " ") ~ / deb / && (" " suites " ") ~ (" " suite " ") && tolower(enabled) != "no" \
            && uris != "") {
          split(uris, u, " "); print u[1]; done = 1
        }
        types = suites = uris = enabled = key = ""
      }
      FNR == 1 { flush() }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      /^[ \t]/ { if (key == "uris") uris = uris " " $0; else if (key == "suites") suites = suites " " $0; next }
      {
        key = tolower(substr($0, 1, index($0, ":") - 1)); value = substr($0, index($0, ":") + 1)
        gsub(/\t/, " ", value); gsub(/^ +| +$/, "", value)
        if (key == "types") types = value; else if (key == "suites") suites = value
        else if (key == "uris") uris = value; else if (key == "enabled") enabled = value
      }
      END { flush() }' "${sources[@]}")"
  fi
  if [[ -z "$found" ]] && ((${#lists[@]})); then
    # deb [option=value ...] uri suite component...
    found="$(sed -E -e 's/#.*//' -e 's/\[[^]]*\]//' "${lists[@]}" \
      | awk -v suite="$SUITE" '$1 == "deb" && $3 == suite { print $2; exit }')"
  fi
  echo "$found"
}

if [[ -n "${DEBIAN_MIRROR:-}" ]]; then
  MIRROR="$DEBIAN_MIRROR"
else
  MIRROR="$(apt_mirror)"
fi
if [[ -z "$MIRROR" ]]; then
  echo "podman-base-image.sh: no Debian mirror for '$SUITE' in $APT_ETC/sources.list.d/*.sources (URIs:)" \
       "or $APT_ETC/sources.list (deb lines); set DEBIAN_MIRROR to the mirror's URL" >&2
  exit 1
fi
if [[ "${1:-}" == "--print-mirror" ]]; then
  echo "$MIRROR"
  exit 0
fi
IMAGE="${1:-localhost/lake-jre17:latest}"
PACKAGE="${2:-openjdk-17-jre-headless}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(dirname "$0")/podman-containers.conf}"

if podman image exists "$IMAGE"; then
  echo "base image $IMAGE exists"
  exit 0
fi
ROOTFS="$(mktemp -d /var/tmp/lake-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
debootstrap --variant=minbase --include="$PACKAGE,ca-certificates" "$SUITE" "$ROOTFS" "$MIRROR"
# what a runtime image does not need
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/*
tar --numeric-owner -C "$ROOTFS" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE"
podman image ls "$IMAGE"
