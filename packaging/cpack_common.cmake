# What every package says about itself, whatever the generator.
set(CPACK_PACKAGE_NAME "sdstudio")
set(CPACK_PACKAGE_VENDOR "The SD Studio authors")
set(CPACK_PACKAGE_CONTACT "${SDSTUDIO_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VERSION_MAJOR "${PROJECT_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION_MINOR "${PROJECT_VERSION_MINOR}")
set(CPACK_PACKAGE_VERSION_PATCH "${PROJECT_VERSION_PATCH}")
# No homepage: SD Studio has no public site (Debian policy makes Homepage
# optional); its documentation is installed in /usr/share/doc/sdstudio.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "native Stable Diffusion v1.4 studio with CLIP probability bars")
set(CPACK_PACKAGE_DESCRIPTION_FILE "${CMAKE_CURRENT_SOURCE_DIR}/description.txt")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "SD Studio")
set(CPACK_PACKAGE_EXECUTABLES "sdstudio" "SD Studio")
set(CPACK_STRIP_FILES ON)
set(CPACK_VERBATIM_VARIABLES ON)
# One package for everything: the CLI, the window and the data.
set(CPACK_DEB_COMPONENT_INSTALL OFF)
set(CPACK_RPM_COMPONENT_INSTALL OFF)
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.ci/cache/")

if(UNIX AND NOT APPLE)
  set(CPACK_GENERATOR "DEB;TGZ")
  find_program(SDSTUDIO_RPMBUILD rpmbuild)
  if(SDSTUDIO_RPMBUILD)
    list(APPEND CPACK_GENERATOR "RPM")
  endif()
  # DEB and RPM install to /usr; the program looks for its data under the
  # prefix it was built for (core/util/build_info.h).
  if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    message(WARNING "CMAKE_INSTALL_PREFIX is ${CMAKE_INSTALL_PREFIX}: a .deb/.rpm of this build "
                    "installs to /usr but looks for its data in ${CMAKE_INSTALL_FULL_DATADIR}/sdstudio. "
                    "Configure with -DCMAKE_INSTALL_PREFIX=/usr to package.")
  endif()
  # The .tar.gz unpacks to sdstudio-0.1.0-Linux/{bin,share}.
  set(CPACK_PACKAGE_FILE_NAME "sdstudio-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
endif()
