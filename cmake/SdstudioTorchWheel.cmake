# Upstream LibTorch from the PyPI `torch` wheel, imported directly.
#
# Why not find_package(Torch) for the wheel: its config enables the CUDA
# language and links the CUDA runtime of whatever toolkit the build machine
# has (CUDA 13 here), while the wheel's own libraries load the runtime that
# came with it (nvidia-cuda-runtime-cu12 for torch 2.9.1+cu128). A program
# linked that way needs two CUDA runtimes, and the self-contained package
# (packaging/bundle) would have to carry both. Imported here, the program
# links only the wheel's libraries, its CUDA headers come from the wheel's
# nvidia-* packages, and building the GPU package needs no CUDA toolkit.
#
# sdstudio_find_torch_wheel(<prefix list>) looks for a torch package folder
# (lib/libtorch.so beside version.py) in the list and, when it finds one,
# sets what find_package(Torch) would: TORCH_FOUND, TORCH_LIBRARIES,
# TORCH_INCLUDE_DIRS, TORCH_CXX_FLAGS, TORCH_LIBRARY, TORCH_INSTALL_PREFIX,
# Torch_DIR, Torch_VERSION, TORCH_CUDA_LIBRARIES (empty for a CPU wheel),
# SDSTUDIO_TORCH_WHEEL (the package folder), SDSTUDIO_TORCH_CUDA_VERSION
# ("12.8") and SDSTUDIO_TORCH_CUDA_ARCHS ("sm_70 sm_75 ...").
function(sdstudio_find_torch_wheel)
  set(prefix "")
  foreach(candidate IN LISTS ARGN)
    if(EXISTS "${candidate}/lib/libtorch.so" AND EXISTS "${candidate}/version.py")
      set(prefix "${candidate}")
      break()
    endif()
  endforeach()
  if(prefix STREQUAL "")
    return()
  endif()
  get_filename_component(prefix "${prefix}" REALPATH)

  # version.py: __version__ = '2.9.1+cu128'
  file(STRINGS "${prefix}/version.py" version_line REGEX "^__version__")
  string(REGEX REPLACE "^__version__ *= *'([^'+]*).*" "\\1" version "${version_line}")
  # cuda: Optional[str] = '12.8'   (None for a CPU wheel)
  file(STRINGS "${prefix}/version.py" cuda_line REGEX "^cuda")
  set(cuda_version "")
  if(cuda_line MATCHES "'([0-9.]+)'")
    set(cuda_version "${CMAKE_MATCH_1}")
  endif()
  # The architectures its kernels are built for, as torch.cuda.get_arch_list()
  # reports them: the one string in libtorch_python.so that lists them.
  set(cuda_archs "")
  if(EXISTS "${prefix}/lib/libtorch_python.so" AND NOT cuda_version STREQUAL "")
    file(STRINGS "${prefix}/lib/libtorch_python.so" arch_strings REGEX "sm_[0-9]+ sm_[0-9]+")
    foreach(s IN LISTS arch_strings)
      if(s MATCHES "(sm_[0-9]+ )+sm_[0-9]+")
        set(cuda_archs "${CMAKE_MATCH_0}")
        break()
      endif()
    endforeach()
  endif()

  set(libs "")
  foreach(name torch torch_cpu c10)
    add_library(sdstudio_wheel_${name} SHARED IMPORTED)
    set_target_properties(sdstudio_wheel_${name} PROPERTIES IMPORTED_LOCATION "${prefix}/lib/lib${name}.so")
    list(APPEND libs sdstudio_wheel_${name})
  endforeach()

  set(cuda_libs "")
  set(includes "${prefix}/include" "${prefix}/include/torch/csrc/api/include")
  if(EXISTS "${prefix}/lib/libtorch_cuda.so")
    foreach(name torch_cuda c10_cuda)
      add_library(sdstudio_wheel_${name} SHARED IMPORTED)
      set_target_properties(sdstudio_wheel_${name} PROPERTIES IMPORTED_LOCATION "${prefix}/lib/lib${name}.so")
      list(APPEND cuda_libs sdstudio_wheel_${name})
    endforeach()
    # Inline functions of c10/cuda's headers call the CUDA runtime: the
    # wheel's own (libcudart.so.12 beside the wheel's torch).
    file(GLOB cudart "${prefix}/../nvidia/cuda_runtime/lib/libcudart.so.[0-9]*")
    if(cudart)
      list(GET cudart 0 cudart)
      add_library(sdstudio_wheel_cudart SHARED IMPORTED)
      set_target_properties(sdstudio_wheel_cudart PROPERTIES IMPORTED_LOCATION "${cudart}")
      list(APPEND cuda_libs sdstudio_wheel_cudart)
    endif()
    # c10/cuda and ATen/cuda headers include the CUDA runtime's, cuBLAS's,
    # cuSPARSE's ... headers: the wheel's nvidia-* packages carry them, of
    # the same CUDA version as its libraries.
    file(GLOB nvidia_includes LIST_DIRECTORIES true "${prefix}/../nvidia/*/include")
    list(APPEND includes ${nvidia_includes})
  endif()

  # The wheel is built with the C++11 string ABI (checked by SdstudioTorchCheck).
  set(TORCH_CXX_FLAGS "-D_GLIBCXX_USE_CXX11_ABI=1" PARENT_SCOPE)
  set(TORCH_FOUND TRUE PARENT_SCOPE)
  set(TORCH_LIBRARIES ${libs} ${cuda_libs} PARENT_SCOPE)
  set(TORCH_CUDA_LIBRARIES ${cuda_libs} PARENT_SCOPE)
  set(TORCH_INCLUDE_DIRS ${includes} PARENT_SCOPE)
  set(TORCH_LIBRARY "${prefix}/lib/libtorch.so" PARENT_SCOPE)
  set(TORCH_INSTALL_PREFIX "${prefix}" PARENT_SCOPE)
  set(Torch_DIR "${prefix}/share/cmake/Torch" PARENT_SCOPE)
  set(Torch_VERSION "${version}" PARENT_SCOPE)
  set(SDSTUDIO_TORCH_WHEEL "${prefix}" PARENT_SCOPE)
  set(SDSTUDIO_TORCH_CUDA_VERSION "${cuda_version}" PARENT_SCOPE)
  set(SDSTUDIO_TORCH_CUDA_ARCHS "${cuda_archs}" PARENT_SCOPE)
endfunction()
