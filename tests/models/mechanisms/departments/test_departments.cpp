// Tests of the district departments (models/mechanisms/departments/, ODD §7.9): "the grid blows
// the whistle, the departments report". They buy the resolution of issues beyond a community's
// powers, at the cost of department staff kept for the district. The tests pin the servers of a
// department by hand (a fixed count, or servers_per_100k_households x households / 100,000
// rounded up, at least one), the response-time distribution, the district line itself (first
// come first served, waits and integrals by hand, new servers taking waiting cases), and through
// the program: departments.csv's servers and case counts, and response times that are exactly
// the fixed service time with servers to spare and longer with one server. The utilisation lever
// is in tests/models/response/test_levers.cpp.
#include <catch2/catch.hpp>

#include <cmath>

#include "../MechanismTest.hpp"
#include "models/mechanisms/departments/DistrictDepartments.hpp"
#include "models/mechanisms/departments/Params.hpp"

using namespace gridgov::models;
using namespace gridgov::systest;
using namespace gridgov::mechtest;
using gridgov::schema::DistSpec;

TEST_CASE("departments: servers are the fixed count, or per 100,000 households rounded up, at least one", "[unit][departments]") {
  DepartmentsParams p;  // police 15, urban management 50, market regulation 15, fire 15 per 100,000 households
  DepartmentsRuntime r = DepartmentsRuntime::derive(p);
  // small.yaml's 720 households: 15 x 0.0072 = 0.108 and 50 x 0.0072 = 0.36: the floor of one each.
  for (std::size_t d = 0; d < kDepartments; ++d) CHECK(r.servers(d, 720) == 1);
  // 100,000 households: exactly the rates; one household more rounds up (15.00015 -> 16).
  CHECK(r.servers(kDeptPolice, 100000) == 15);
  CHECK(r.servers(kDeptUrbanManagement, 100000) == 50);
  CHECK(r.servers(kDeptPolice, 100001) == 16);
  CHECK(r.servers(kDeptUrbanManagement, 100001) == 51);
  // 58,200 households (Tianhe): 15 x 0.582 = 8.73 -> 9; 50 x 0.582 = 29.1 -> 30.
  CHECK(r.servers(kDeptPolice, 58200) == 9);
  CHECK(r.servers(kDeptUrbanManagement, 58200) == 30);
  CHECK(r.servers(kDeptMarketRegulation, 58200) == 9);
  CHECK(r.servers(kDeptFire, 58200) == 9);
  // A fixed count wins whatever the size; a rate of 0 still keeps one server.
  p.list[kDeptMarketRegulation].servers = 7;
  p.list[kDeptFire].servers_per_100k_households = 0;
  r = DepartmentsRuntime::derive(p);
  CHECK(r.servers(kDeptMarketRegulation, 720) == 7);
  CHECK(r.servers(kDeptMarketRegulation, 1000000) == 7);
  CHECK(r.servers(kDeptFire, 1000000) == 1);
  CHECK(r.servers(kDeptPolice, 1000000) == 150);  // the others unchanged
}

TEST_CASE("departments: the response time in hours", "[unit][departments]") {
  DepartmentsParams p;
  p.list[kDeptFire].response_time = DistSpec::fixed(10, "hours");
  const DepartmentsRuntime r = DepartmentsRuntime::derive(p);
  // Default: lognormal with mean 3 days and sd 3 days = 72 h and 72 h.
  CHECK(r.dept_time[kDeptPolice].expected() == Approx(72.0));
  CHECK(r.dept_time[kDeptPolice].variance() == Approx(72.0 * 72.0));
  gridgov::random::Stream s(1, 0, 0, gridgov::random::kTestPurpose);
  CHECK(r.dept_time[kDeptFire].sample(s) == 10.0);
}

namespace {
/// A district of 10 households whose police line has `servers` servers taking 10 hours a case.
ScenarioSpec police_line(std::int64_t servers) {
  ScenarioSpec spec;
  spec.departments.list[kDeptPolice].servers = servers;
  spec.departments.list[kDeptPolice].response_time = DistSpec::fixed(10, "hours");
  return spec;
}
DistrictDepartments::Case police_case(std::uint32_t issue, bool counted = true) {
  return DistrictDepartments::Case{0, issue, issue, 0, 0, kDeptPolice, counted};
}
}  // namespace

TEST_CASE("departments: one line per department, first come first served", "[unit][departments]") {
  ToyDistrict d(police_line(1), LatticeSpec{1, 1, 1, 10});
  DistrictDepartments line(d.ctx);
  // Whistles at hours 0, 1 and 2 to a single server taking 10 hours each: done at 10, 20 and 30.
  for (std::uint32_t i = 0; i < 3; ++i) line.take(i, police_case(i));
  for (std::uint32_t i = 0; i < 3; ++i) {
    INFO("case " << i);
    CHECK(line.next_completion() == 10.0 * (i + 1));
    const auto [k, t] = line.complete();
    CHECK(k.issue == i);
    CHECK(k.t_taken == i);
    CHECK(t == 10.0 * (i + 1));
  }
  CHECK(std::isinf(line.next_completion()));
  line.finish(40);
  const DepartmentStats& st = line.stats()[kDeptPolice];
  CHECK(st.received == 3);
  CHECK(st.finished == 3);
  CHECK(st.servers == 1);
  CHECK(st.response_hours == Approx(10 + 19 + 28));  // from each whistle to its completion
  CHECK(st.busy_hours == Approx(30));
  CHECK(st.capacity_hours == Approx(40));
  CHECK(st.waiting_hours == Approx(9 + 18));  // case 1 waits from 1 to 10, case 2 from 2 to 20
  CHECK(st.waiting_end == 0);
  // The other three departments: one idle server each.
  CHECK(line.stats()[kDeptFire].received == 0);
  CHECK(line.stats()[kDeptFire].servers == 1);
  CHECK(line.busy() == Approx(30));
  CHECK(line.capacity() == Approx(4 * 40));
}

TEST_CASE("departments: new servers take waiting cases at once, uncounted cases occupy servers", "[unit][departments]") {
  ToyDistrict d(police_line(1), LatticeSpec{1, 1, 1, 10});
  DistrictDepartments line(d.ctx);
  line.take(0, police_case(0, false));  // a warm-up issue: served, not counted in the figures
  line.take(0, police_case(1));
  line.take(0, police_case(2));
  // Two more servers at hour 5 (an intervention): the waiting cases start there.
  d.spec.departments.list[kDeptPolice].servers = 3;
  d.rederive();
  line.apply_policy(5);
  std::vector<double> done;
  while (std::isfinite(line.next_completion())) done.push_back(line.complete().second);
  CHECK(done == std::vector<double>{10, 15, 15});
  line.finish(20);
  const DepartmentStats& st = line.stats()[kDeptPolice];
  CHECK(st.servers == 3);
  CHECK(st.received == 2);
  CHECK(st.finished == 2);
  CHECK(st.response_hours == Approx(15 + 15));
  CHECK(st.waiting_hours == Approx(2 * 5));  // two cases waited from 0 to 5
}

TEST_CASE("departments: servers and cases in departments.csv, and a fixed response time with servers to spare",
          "[system][departments]") {
  PairedRuns runs("departments-servers");
  // 720 households: urban management at 1,000 per 100,000 gets ceil(7.2) = 8 servers; police a
  // fixed 100, each case taking exactly one day; the other two the floor of one.
  const SmallRun run =
      runs("servers", {"departments.urban_management.servers_per_100k_households=1000", "departments.police.servers=100",
                       "departments.police.response_time={dist: fixed, value: 1, unit: days}"});
  const Csv departments = run.csv("departments.csv");
  REQUIRE(departments.rows.size() == 4 * kDepartments);
  double police_finished = 0;
  for (std::size_t r = 0; r < run.replicates(); ++r) {
    INFO("replicate " << r);
    CHECK(department(departments, r, "police", "servers") == 100);
    CHECK(department(departments, r, "urban_management", "servers") == 8);
    CHECK(department(departments, r, "market_regulation", "servers") == 1);
    CHECK(department(departments, r, "fire", "servers") == 1);
    double received = 0;
    for (const char* name : kDepartmentNames) received += department(departments, r, name, "cases_received");
    CHECK(received == run(r, "whistles"));
    // Nobody waits for one of 100 servers: every finished case took its day exactly.
    police_finished += department(departments, r, "police", "cases_finished");
    if (department(departments, r, "police", "cases_finished") > 0)
      CHECK(department(departments, r, "police", "response_mean_h") == Approx(24.0));
    CHECK(department(departments, r, "police", "backlog_mean") == 0);
  }
  CHECK(police_finished > 0);
}

TEST_CASE("departments: with one server cases wait, with servers to spare they take their service time",
          "[system][departments]") {
  PairedRuns runs("departments-wait");
  const std::vector<std::string> ten_days{"departments.urban_management.response_time={dist: fixed, value: 10, unit: days}"};
  const SmallRun one = runs("one", joined(ten_days, {"departments.urban_management.servers=1"}));
  const SmallRun many = runs("many", joined(ten_days, {"departments.urban_management.servers=100"}));
  const Csv one_departments = one.csv("departments.csv"), many_departments = many.csv("departments.csv");
  double longest = 0, backlog = 0;
  for (std::size_t r = 0; r < one.replicates(); ++r) {
    INFO("replicate " << r);
    const double one_mean = department(one_departments, r, "urban_management", "response_mean_h");
    REQUIRE(department(many_departments, r, "urban_management", "cases_finished") > 0);
    CHECK(department(many_departments, r, "urban_management", "response_mean_h") == Approx(240.0));
    CHECK(department(one_departments, r, "urban_management", "utilisation") <= 1.0 + 1e-12);
    if (std::isfinite(one_mean)) {
      CHECK(one_mean >= 240.0 - 1e-9);
      longest = std::max(longest, one_mean);
    }
    backlog += department(one_departments, r, "urban_management", "backlog_mean");
  }
  // Cases that meet a busy single server wait: in some replicate the mean is far above 10 days.
  CHECK(longest > 1.2 * 240.0);
  CHECK(backlog > 0);
}
