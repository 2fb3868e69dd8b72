#!/usr/bin/env bash
# Makes a JRE 17 base image from Debian packages, for machines that cannot pull registry images:
# debootstrap a minimal Debian with openjdk-17-jre-headless, then `podman import` it.
#   docker/podman-base-image.sh [image=localhost/lake-jre17:latest] [package=openjdk-17-jre-headless]
# Needs root, debootstrap and podman (apt-get install -y podman runc debootstrap). Takes a few minutes.
set -euo pipefail
IMAGE="${1:-localhost/lake-jre17:latest}"
PACKAGE="${2:-openjdk-17-jre-headless}"
MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
export CONTAINERS_CONF="${CONTAINERS_CONF:-$(dirname "$0")/podman-containers.conf}"

if podman image exists "$IMAGE"; then
  echo "base image $IMAGE exists"
  exit 0
fi
ROOTFS="$(mktemp -d /var/tmp/lake-rootfs.XXXXXX)"
trap 'rm -rf "$ROOTFS"' EXIT
debootstrap --variant=minbase --include="$PACKAGE,ca-certificates" bookworm "$ROOTFS" "$MIRROR"
# what a runtime image does not need
chroot "$ROOTFS" apt-get clean
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/usr/share/doc/* "$ROOTFS"/usr/share/man/* \
       "$ROOTFS"/usr/share/locale/* "$ROOTFS"/var/cache/debconf/*-old "$ROOTFS"/var/log/*
tar --numeric-owner -C "$ROOTFS" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["/bin/bash"]' - "$IMAGE"
podman image ls "$IMAGE"
