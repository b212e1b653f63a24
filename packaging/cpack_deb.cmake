# Debian / Ubuntu: sdstudio_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE "${SDSTUDIO_DEB_RELEASE}")
set(CPACK_DEBIAN_PACKAGE_SECTION "graphics")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
# Shared-library dependencies come from dpkg-shlibdeps (package dpkg-dev).
# That needs every linked library to belong to an installed package, i.e.
# Debian's libtorch-dev; an upstream LibTorch in /opt is not packageable this
# way (packaging/README.md).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Explicit on top of the computed ones (CPack appends those):
# - an optimised BLAS: Debian's libtorch links libblas.so.3, which is the
#   reference BLAS (~40x slower matrix products) unless one of these provides
#   the alternative; all of them take precedence over the reference BLAS.
# - Qt's platform plugins: libqt6gui6 only recommends them, and without the
#   xcb/wayland plugin the window cannot open.
set(sdstudio_deb_depends
  "libopenblas0-pthread | libopenblas0-openmp | libblis4-pthread | libblis4-openmp")
if(SDSTUDIO_BUILD_UI)
  list(APPEND sdstudio_deb_depends "qt6-qpa-plugins")
endif()
list(JOIN sdstudio_deb_depends ", " CPACK_DEBIAN_PACKAGE_DEPENDS)
# ca-certificates: HTTPS model downloads (Models > Get models, sdstudio-cli
# models get) verify the server against the system's CA store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "hicolor-icon-theme, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "nvidia-cuda-toolkit")
# Files under /etc would be conffiles; SD Studio installs none.
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
