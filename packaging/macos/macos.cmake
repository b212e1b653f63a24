# macOS: "SD Studio.app" in a DragNDrop .dmg. UNTESTED: written for Apple
# clang + Qt 6 + LibTorch's macOS (arm64) build, never run here
# (packaging/README.md, packaging/macos/README.md).
#
# Layout inside the image:
#   sdstudio.app/Contents/MacOS/sdstudio        the window
#   sdstudio.app/Contents/Frameworks/           Qt, LibTorch, OpenCV (macdeployqt)
#   sdstudio.app/Contents/share/sdstudio/       tokenizer, demo models, manifest
#   sdstudio.app/Contents/Resources/sdstudio.icns
#   bin/sdstudio-cli                            the command line (app/ installs it)
# The window finds its data at <exe dir>/../share/sdstudio, as on Linux.
#
# app/CMakeLists.txt has add_executable(sdstudio MACOSX_BUNDLE ...) and
# install(TARGETS sdstudio RUNTIME DESTINATION bin BUNDLE DESTINATION .): a
# bundle's install destination is fixed when install(TARGETS) runs.
set(CPACK_GENERATOR "DragNDrop")
set(CPACK_PACKAGE_FILE_NAME "sdstudio-${PROJECT_VERSION}-macos-${CMAKE_SYSTEM_PROCESSOR}")
set(CPACK_DMG_VOLUME_NAME "SD Studio ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)

if(NOT SDSTUDIO_BUILD_UI)
  return()
endif()

set(sdstudio_icns "${CMAKE_CURRENT_LIST_DIR}/sdstudio.icns")
# Source properties are per directory: set it where the target lives.
set_source_files_properties(${sdstudio_icns} TARGET_DIRECTORY sdstudio PROPERTIES MACOSX_PACKAGE_LOCATION Resources)
target_sources(sdstudio PRIVATE ${sdstudio_icns})
set_target_properties(sdstudio PROPERTIES
  MACOSX_BUNDLE TRUE
  MACOSX_BUNDLE_INFO_PLIST "${CMAKE_CURRENT_LIST_DIR}/Info.plist.in"
  MACOSX_BUNDLE_BUNDLE_NAME "SD Studio"
  MACOSX_BUNDLE_EXECUTABLE_NAME "sdstudio"
  MACOSX_BUNDLE_GUI_IDENTIFIER "io.github.sdstudio.sdstudio"
  MACOSX_BUNDLE_ICON_FILE "sdstudio.icns"
  MACOSX_BUNDLE_SHORT_VERSION_STRING "${PROJECT_VERSION}"
  MACOSX_BUNDLE_BUNDLE_VERSION "${PROJECT_VERSION}"
  MACOSX_BUNDLE_COPYRIGHT "Copyright 2026 The SD Studio authors. MIT license.")

# macdeployqt copies Qt's frameworks and plugins into the bundle and rewrites
# install names; -libpath lets it find LibTorch's and OpenCV's dylibs, which
# it then copies into Contents/Frameworks too.
find_program(sdstudio_macdeployqt macdeployqt HINTS "${Qt6_DIR}/../../../bin")
if(sdstudio_macdeployqt)
  set(sdstudio_libpaths "")
  if(DEFINED TORCH_INSTALL_PREFIX)
    string(APPEND sdstudio_libpaths " -libpath=${TORCH_INSTALL_PREFIX}/lib")
  endif()
  install(CODE "
    execute_process(
      COMMAND \"${sdstudio_macdeployqt}\" \"\${CMAKE_INSTALL_PREFIX}/sdstudio.app\" -always-overwrite ${sdstudio_libpaths}
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"macdeployqt failed (\${rc})\")
    endif()")
else()
  message(WARNING "macdeployqt not found: the .app will lack Qt's frameworks")
endif()
