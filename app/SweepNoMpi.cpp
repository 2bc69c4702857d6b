// Built when MPI is absent or GRIDGOV_WITH_MPI is OFF: `gridgov sweep --mpi` explains and exits 2.
#include "app/SweepMpi.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::app {

bool mpi_available() { return false; }

std::uint64_t run_mpi(const experiment::SweepSpec&, const experiment::SweepOptions&, const std::string&, experiment::OpenMode,
                      bool& master, experiment::SummaryNotes&) {
  master = true;
  throw schema::InputError(
      "--mpi: this gridgov was built without MPI (install libopenmpi-dev and rebuild with -DGRIDGOV_WITH_MPI=ON)");
}

}  // namespace gridgov::app
