# Windows: an NSIS installer (and a .zip) with Qt and LibTorch deployed next
# to the executables. UNTESTED: written for MSVC + Qt 6 + LibTorch's Windows
# build, never run here (packaging/README.md, packaging/windows/README.md).
set(CPACK_GENERATOR "NSIS;ZIP")
set(CPACK_PACKAGE_FILE_NAME "sdstudio-${PROJECT_VERSION}-win64")

set(CPACK_NSIS_PACKAGE_NAME "SD Studio ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "SD Studio")
set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/packaging/windows/sdstudio.ico")
set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/packaging/windows/sdstudio.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\sdstudio.exe")
set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MODIFY_PATH ON)  # offers to put bin\ (sdstudio-cli) on PATH
set(CPACK_NSIS_EXECUTABLES_DIRECTORY "bin")
set(CPACK_PACKAGE_EXECUTABLES "sdstudio" "SD Studio")
set(CPACK_CREATE_DESKTOP_LINKS "sdstudio")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
# LibTorch's DLLs alone are ~1-4 GB with CUDA: LZMA solid takes long but
# gives the smallest installer.
set(CPACK_NSIS_COMPRESSOR "/SOLID lzma")

# --- Qt: windeployqt copies Qt's DLLs and plugins (platforms\qwindows.dll,
# styles, imageformats) next to the installed sdstudio.exe.
if(SDSTUDIO_BUILD_UI AND TARGET Qt6::windeployqt)
  set(sdstudio_windeployqt "$<TARGET_FILE:Qt6::windeployqt>")
elseif(SDSTUDIO_BUILD_UI)
  find_program(sdstudio_windeployqt windeployqt HINTS "${Qt6_DIR}/../../../bin")
endif()
if(SDSTUDIO_BUILD_UI AND sdstudio_windeployqt)
  install(CODE "
    execute_process(
      COMMAND \"${sdstudio_windeployqt}\" --release --no-translations --no-system-d3d-compiler
              --no-opengl-sw --dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\"
              \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/sdstudio.exe\"
      RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR \"windeployqt failed (\${rc})\")
    endif()")
elseif(SDSTUDIO_BUILD_UI)
  message(WARNING "windeployqt not found: the installer will lack Qt's DLLs")
endif()

# --- LibTorch and OpenCV DLLs: LibTorch's lib\ holds c10.dll, torch_cpu.dll,
# (torch_cuda.dll, cudnn*.dll, ...), fbgemm.dll, asmjit.dll, libiomp5md.dll,
# uv.dll. TORCH_INSTALL_PREFIX comes from TorchConfig.cmake.
if(DEFINED TORCH_INSTALL_PREFIX)
  file(GLOB sdstudio_torch_dlls "${TORCH_INSTALL_PREFIX}/lib/*.dll")
  install(FILES ${sdstudio_torch_dlls} DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
if(DEFINED OpenCV_DIR)
  file(GLOB sdstudio_opencv_dlls "${OpenCV_DIR}/../bin/opencv_*.dll" "${OpenCV_DIR}/bin/opencv_*.dll")
  list(FILTER sdstudio_opencv_dlls EXCLUDE REGEX "d\\.dll$")  # debug builds
  install(FILES ${sdstudio_opencv_dlls} DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# Whatever else the executables import (libpng, zlib, ICU from vcpkg...):
# resolved from the built files at install time.
install(CODE "
  file(GET_RUNTIME_DEPENDENCIES
    EXECUTABLES \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/sdstudio-cli.exe\"
    RESOLVED_DEPENDENCIES_VAR deps UNRESOLVED_DEPENDENCIES_VAR unresolved
    PRE_EXCLUDE_REGEXES \"^api-ms-\" \"^ext-ms-\"
    POST_EXCLUDE_REGEXES \".*[Ss]ystem32/.*\\\\.dll\"
    DIRECTORIES \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\" \$ENV{PATH})
  foreach(dll IN LISTS deps)
    file(INSTALL \"\${dll}\" DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\")
  endforeach()")
# MSVC runtime (vcruntime140.dll, msvcp140.dll) into bin\.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION ${CMAKE_INSTALL_BINDIR})
include(InstallRequiredSystemLibraries)

# The license shown by the installer must be plain text with CRLF ends.
configure_file("${PROJECT_SOURCE_DIR}/LICENSE" "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt" NEWLINE_STYLE CRLF)
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_CURRENT_BINARY_DIR}/LICENSE.txt")
