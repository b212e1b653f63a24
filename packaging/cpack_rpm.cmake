# Fedora / openSUSE / RHEL: sdstudio-<version>-<release>.<arch>.rpm.
# rpmbuild computes the shared-library requirements itself (AutoReq).
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE "1")
set(CPACK_RPM_PACKAGE_LICENSE "MIT")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Multimedia")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}")
file(READ "${CPACK_PACKAGE_DESCRIPTION_FILE}" CPACK_RPM_PACKAGE_DESCRIPTION)
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
# An optimised BLAS, for the same reason as on Debian (cpack_deb.cmake).
# Rich dependency (rpm >= 4.13): Fedora's openblas flavours or FlexiBLAS.
set(CPACK_RPM_PACKAGE_REQUIRES "(openblas-pthreads or openblas-openmp or flexiblas-openblas-openmp)")
# Directories owned by the filesystem or other packages, not by sdstudio.
list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
  /usr/share/applications
  /usr/share/doc
  /usr/share/icons
  /usr/share/icons/hicolor
  /usr/share/icons/hicolor/16x16 /usr/share/icons/hicolor/16x16/apps
  /usr/share/icons/hicolor/32x32 /usr/share/icons/hicolor/32x32/apps
  /usr/share/icons/hicolor/48x48 /usr/share/icons/hicolor/48x48/apps
  /usr/share/icons/hicolor/64x64 /usr/share/icons/hicolor/64x64/apps
  /usr/share/icons/hicolor/128x128 /usr/share/icons/hicolor/128x128/apps
  /usr/share/icons/hicolor/256x256 /usr/share/icons/hicolor/256x256/apps
  /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps
  /usr/share/lintian /usr/share/lintian/overrides
  /usr/share/metainfo)
# No /usr/lib/.build-id links: they would clash with other packages' links
# when built outside an RPM distribution's own build system.
set(CPACK_RPM_SPEC_MORE_DEFINE "%define _build_id_links none")
