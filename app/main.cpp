// The gridgov executable: the command line of app/Cli.cpp.
#include "app/Cli.hpp"

int main(int argc, char** argv) { return gridgov::app::cli_main(argc, argv); }
