#include "app/SweepMpi.hpp"

#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sim/io/Progress.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::app {

namespace {
constexpr int kTagWork = 1, kTagResult = 2;
constexpr std::uint64_t kStop = ~std::uint64_t{0};

/// A run record as bytes: run id, ok flag, the three text lengths, the texts.
std::vector<char> pack(const experiment::RunRecord& r) {
  const std::uint64_t len[3] = {r.row.size(), r.errors.size(), r.series.size()};
  std::vector<char> b(33 + len[0] + len[1] + len[2]);
  std::memcpy(b.data(), &r.run_id, 8);
  b[8] = r.ok ? 1 : 0;
  std::memcpy(b.data() + 9, len, 24);
  char* p = b.data() + 33;
  for (const std::string* t : {&r.row, &r.errors, &r.series}) {
    std::memcpy(p, t->data(), t->size());
    p += t->size();
  }
  return b;
}

experiment::RunRecord unpack(const std::vector<char>& b) {
  experiment::RunRecord r;
  std::uint64_t len[3] = {0, 0, 0};
  std::memcpy(&r.run_id, b.data(), 8);
  r.ok = b[8] != 0;
  std::memcpy(len, b.data() + 9, 24);
  const char* p = b.data() + 33;
  r.row.assign(p, len[0]);
  r.errors.assign(p + len[0], len[1]);
  r.series.assign(p + len[0] + len[1], len[2]);
  return r;
}

struct MpiSession {
  MpiSession() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  }
  ~MpiSession() { MPI_Finalize(); }
};
}  // namespace

bool mpi_available() { return true; }

std::uint64_t run_mpi(const experiment::SweepSpec& s, const experiment::SweepOptions& o, const std::string& out,
                      experiment::OpenMode mode, bool& master,
                      experiment::SummaryNotes& notes) {
  using namespace experiment;
  MpiSession session;
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  master = rank == 0;

  if (rank == 0) {
    std::unique_ptr<SweepFolder> folder;
    std::string error;
    try {
      folder = std::make_unique<SweepFolder>(out, s, o, mode);
    } catch (const std::exception& e) {
      error = e.what();
    }
    int ok = error.empty() ? 1 : 0;
    MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
    if (!ok) throw schema::InputError(error);
    if (size == 1) {
      const auto failed = run_local(*folder, s, o);
      notes = folder->notes();
      return failed;
    }

    // From here on a failure must bring every rank down, not leave workers waiting for work.
    try {
    const auto todo = folder->pending();
    io::Progress progress(o.progress && ::isatty(2), static_cast<double>(todo.size()), "runs");
    std::size_t next = 0;
    int active = size - 1;
    std::uint64_t failed = 0;
    std::vector<char> buf;
    while (active > 0) {
      // Poll with short sleeps rather than MPI_Probe, which spins: rank 0 would take a core
      // from the workers when the ranks share a node.
      MPI_Status st;
      for (int flag = 0;;) {
        MPI_Iprobe(MPI_ANY_SOURCE, kTagResult, MPI_COMM_WORLD, &flag, &st);
        if (flag) break;
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
      int count = 0;
      MPI_Get_count(&st, MPI_CHAR, &count);
      buf.resize(static_cast<std::size_t>(count));
      MPI_Recv(buf.data(), count, MPI_CHAR, st.MPI_SOURCE, kTagResult, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      if (count > 0) {  // an empty message only asks for work
        const RunRecord r = unpack(buf);
        if (!r.ok) ++failed;
        folder->append(r);
        progress.add(1);
      }
      std::uint64_t id = kStop;
      if (next < todo.size()) id = todo[next++];
      else --active;
      MPI_Send(&id, 1, MPI_UINT64_T, st.MPI_SOURCE, kTagWork, MPI_COMM_WORLD);
    }
    folder->finalise();
    notes = folder->notes();
    return failed;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gridgov: failure on MPI rank 0: %s\n", e.what());
      MPI_Abort(MPI_COMM_WORLD, 1);
      throw;
    }
  }

  int ok = 0;
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!ok) throw schema::InputError("rank 0 could not open the sweep folder");
  // Ranks are the parallelism: one thread per worker unless --threads says otherwise.
  const int threads = o.threads > 0 ? o.threads : 1;
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  std::vector<char> msg;
  for (;;) {
    MPI_Send(msg.data(), static_cast<int>(msg.size()), MPI_CHAR, 0, kTagResult, MPI_COMM_WORLD);
    std::uint64_t id = 0;
    MPI_Recv(&id, 1, MPI_UINT64_T, 0, kTagWork, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (id == kStop) break;
    RunRecord r;
    try {
      arena.execute([&] { r = execute_run(s, id, o); });
    } catch (const std::exception& e) {
      std::fprintf(stderr, "gridgov: failure on MPI rank %d: %s\n", rank, e.what());
      MPI_Abort(MPI_COMM_WORLD, 1);
      throw;
    }
    msg = pack(r);
  }
  return 0;
}

}  // namespace gridgov::app
