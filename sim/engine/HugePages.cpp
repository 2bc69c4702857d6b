#include "sim/engine/HugePages.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

namespace gridgov::engine {

namespace {
constexpr const char* kTunable = "glibc.malloc.hugetlb=1";

bool thp_available() {
  std::ifstream f("/sys/kernel/mm/transparent_hugepage/enabled");
  std::string line;
  if (!std::getline(f, line)) return false;
  return line.find("[always]") != std::string::npos || line.find("[madvise]") != std::string::npos;
}
}  // namespace

void use_huge_pages(char** argv) noexcept {
  try {
    if (const char* off = std::getenv("GRIDGOV_HUGEPAGES"); off && std::strcmp(off, "0") == 0) return;
    const char* tunables = std::getenv("GLIBC_TUNABLES");
    if (tunables && std::strstr(tunables, "glibc.malloc.hugetlb")) return;  // set already (or by this re-exec)
    for (const char* mpi : {"OMPI_COMM_WORLD_SIZE", "PMI_RANK", "PMIX_RANK"})
      if (std::getenv(mpi)) return;
    if (!thp_available()) return;
    std::string value = tunables && *tunables ? std::string(tunables) + ":" + kTunable : std::string(kTunable);
    if (setenv("GLIBC_TUNABLES", value.c_str(), 1) != 0) return;
    execv("/proc/self/exe", argv);
    // exec failed: go on with normal pages, and do not leave the tunable for child processes.
    if (tunables)
      setenv("GLIBC_TUNABLES", tunables, 1);
    else
      unsetenv("GLIBC_TUNABLES");
  } catch (...) {
    // Any failure here only costs speed.
  }
}

}  // namespace gridgov::engine
