# ccache when present. CCACHE_BASEDIR + CCACHE_NOHASHDIR let a fresh clone in
# another folder (CI) hit the cache filled by an earlier build.
if(SDSTUDIO_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(SDSTUDIO_CCACHE ccache)
  if(SDSTUDIO_CCACHE)
    set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
      CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
      ${SDSTUDIO_CCACHE})
    message(STATUS "Using ccache: ${SDSTUDIO_CCACHE}")
  endif()
endif()
