#pragma once
/// \file
/// The MPI executor of `gridgov sweep --mpi`: rank 0 owns the sweep folder and hands out run ids
/// one at a time to the other ranks as they ask (dynamic load balancing); workers send back each
/// run's rows. Rows depend only on (sweep, run id), so the files equal a local sweep's.
#include <cstdint>
#include <string>

#include "sim/experiment/SweepRun.hpp"

namespace gridgov::app {

/// True when this binary was built with MPI.
bool mpi_available();

/// Run the sweep under MPI (call from every rank; MPI is initialised and finalised here).
/// Returns the number of failed runs on rank 0 and 0 on the workers; sets `master`, and on rank 0
/// `notes` (what the summaries reported).
/// Throws schema::InputError on every rank when rank 0 cannot open the folder.
std::uint64_t run_mpi(const experiment::SweepSpec& s, const experiment::SweepOptions& o, const std::string& out,
                      experiment::OpenMode mode, bool& master, experiment::SummaryNotes& notes);

}  // namespace gridgov::app
