#include "app/SweepMpi.hpp"

#include <mpi.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <type_traits>
#include <vector>

#include "sim/io/Progress.hpp"
#include "sim/schema/InputError.hpp"

namespace gridgov::app {

namespace {
constexpr int kTagWork = 1, kTagResult = 2;
constexpr std::uint64_t kStop = ~std::uint64_t{0};

/// A run record as bytes, every value in its in-memory form (the ranks run one binary), so that
/// rank 0 writes exactly the rows a local sweep writes.
class Packer {
 public:
  template <class T>
  void put(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const char* p = reinterpret_cast<const char*>(&v);
    bytes.insert(bytes.end(), p, p + sizeof(T));
  }
  void put(const std::string& s) {
    put<std::uint64_t>(s.size());
    bytes.insert(bytes.end(), s.begin(), s.end());
  }
  void put(const std::vector<double>& v) {
    put<std::uint64_t>(v.size());
    const char* p = reinterpret_cast<const char*>(v.data());
    bytes.insert(bytes.end(), p, p + v.size() * sizeof(double));
  }
  std::vector<char> bytes;
};

class Unpacker {
 public:
  explicit Unpacker(const std::vector<char>& b) : b_(b) {}
  template <class T>
  T get() {
    T v{};
    take(&v, sizeof(T));
    return v;
  }
  std::string text() {
    std::string s(get<std::uint64_t>(), '\0');
    take(s.data(), s.size());
    return s;
  }
  std::vector<double> numbers() {
    std::vector<double> v(get<std::uint64_t>());
    take(v.data(), v.size() * sizeof(double));
    return v;
  }

 private:
  void take(void* out, std::size_t n) {
    if (n > b_.size() - at_) throw std::runtime_error("MPI: a truncated run record");
    std::memcpy(out, b_.data() + at_, n);
    at_ += n;
  }
  const std::vector<char>& b_;
  std::size_t at_ = 0;
};

std::vector<char> pack(const experiment::RunRecord& r) {
  Packer p;
  p.put(r.run_id);
  p.put<std::uint8_t>(r.ok ? 1 : 0);
  p.put(r.status);
  p.put<std::int32_t>(r.attempts);
  p.put(r.wall_s);
  p.put(r.metrics);
  p.put<std::uint64_t>(r.days.size());
  for (const auto& d : r.days) p.put(d);
  p.put<std::uint64_t>(r.failed.size());
  for (const auto& f : r.failed) {
    p.put<std::int32_t>(f.attempt);
    p.put(f.status);
    p.put(f.message);
  }
  return std::move(p.bytes);
}

experiment::RunRecord unpack(const std::vector<char>& b) {
  Unpacker u(b);
  experiment::RunRecord r;
  r.run_id = u.get<std::uint64_t>();
  r.ok = u.get<std::uint8_t>() != 0;
  r.status = u.text();
  r.attempts = u.get<std::int32_t>();
  r.wall_s = u.get<double>();
  r.metrics = u.numbers();
  r.days.resize(u.get<std::uint64_t>());
  for (auto& d : r.days) d = u.numbers();
  r.failed.resize(u.get<std::uint64_t>());
  for (auto& f : r.failed) {
    f.attempt = u.get<std::int32_t>();
    f.status = u.text();
    f.message = u.text();
  }
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
                      experiment::OpenMode mode, bool& master, experiment::SummaryNotes& notes) {
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
        if (next < todo.size())
          id = todo[next++];
        else
          --active;
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
