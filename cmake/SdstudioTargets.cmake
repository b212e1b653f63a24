# Per-target defaults instead of global flags.
function(sdstudio_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  set_target_properties(${target} PROPERTIES CXX_EXTENSIONS OFF)
  # ATen has a member called slots(): Qt's keywords must stay off everywhere.
  target_compile_definitions(${target} PUBLIC QT_NO_KEYWORDS)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wno-unused-parameter)
  endif()
endfunction()
