// The gridgov executable: the command line of app/Cli.cpp (re-executed once with huge pages for
// malloc, sim/engine/HugePages.hpp).
#include "app/Cli.hpp"
#include "sim/engine/HugePages.hpp"

int main(int argc, char** argv) {
  gridgov::engine::use_huge_pages(argv);
  return gridgov::app::cli_main(argc, argv);
}
