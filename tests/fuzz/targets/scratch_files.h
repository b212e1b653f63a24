#pragma once
// The file-reading targets' inputs as files: the readers take paths (as a
// model folder gives them), so each input is written into a private folder
// (under /dev/shm where it exists) that lives as long as one input does.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>

namespace sd::fuzz {

class ScratchFolder {
 public:
  ScratchFolder() {
    const std::filesystem::path shm = "/dev/shm";
    const auto base = std::filesystem::is_directory(shm) ? shm : std::filesystem::temp_directory_path();
    m_dir = base / ("sdstudio-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(m_dir);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;

  const std::filesystem::path& path() const { return m_dir; }
  std::filesystem::path write(const std::string& name, std::string_view bytes) const {
    const auto file = m_dir / name;
    std::ofstream(file, std::ios::binary | std::ios::trunc)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return file;
  }

 private:
  std::filesystem::path m_dir;
};

}  // namespace sd::fuzz
