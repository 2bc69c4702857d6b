// Every string that goes into scenario.resolved.yaml reads back exactly: labels and file names
// with control characters, quotes, backslashes, leading and trailing spaces and Unicode, so that
// the resolved file of the resolved file is byte-identical.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "SystemTest.hpp"
#include "models/run/Runner.hpp"
#include "models/scenario/ScenarioSpec.hpp"
#include "sim/schema/Schema.hpp"

namespace {

using namespace gridgov::systest;
namespace gm = gridgov::models;
namespace schema = gridgov::schema;

const std::vector<std::string>& nasty_strings() {
  static const std::vector<std::string> v{
      "plain",
      "  leading and trailing  ",
      "tab\there",
      "line\nbreak",
      "cr\rlf\r\n",
      "quote \" and 'single'",
      "back\\slash \\n not a break",
      "网格化治理 ✓ 党建引领",
      "line separator \xE2\x80\xA8 and paragraph \xE2\x80\xA9 and NEL \xC2\x85",
      "control \x01\x02\x1b\x7f bytes",
      "# not a comment: {not: a map} [not, a list] &anchor *alias !tag",
      "- looks like a list",
      "",
      " ",
      "true",
      "123",
      "~",
      "null",
  };
  return v;
}

}  // namespace

TEST_CASE("quote_yaml: any string reads back byte for byte", "[unit][schema]") {
  for (const auto& s : nasty_strings()) {
    INFO("string: " << s);
    const YAML::Node n = YAML::Load("key: " + schema::quote_yaml(s) + "\n");
    CHECK(n["key"].as<std::string>() == s);
  }
  // Random strings of printable ASCII, controls and UTF-8 sequences.
  std::mt19937_64 rng(7);
  const std::vector<std::string> pieces{"a", " ",  "\"",           "\\", "\n", "\t", "\x01", "\x7f",
                                        "é", "网", "\xE2\x80\xA8", ":",  "#",  "{",  "'"};
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int k = static_cast<int>(rng() % 12); k > 0; --k) s += pieces[rng() % pieces.size()];
    INFO("string: " << s);
    CHECK(YAML::Load("key: " + schema::quote_yaml(s) + "\n")["key"].as<std::string>() == s);
  }
}

TEST_CASE("the resolved scenario of the resolved scenario is byte-identical, strings included", "[system][input]") {
  TempDir tmp("roundtrip");
  // A buildings CSV whose name has spaces, quotes, a backslash and Unicode.
  const std::string csv_name = "bâtiments \"A\" 'B' \\ 网格.csv";
  const fs::path csv = tmp.path() / csv_name;
  fs::copy_file(source_path("tests/data/buildings_small.csv"), csv);
  std::string labels;
  for (std::size_t i = 0; i < nasty_strings().size(); ++i)
    labels += "  - day: " + std::to_string(i + 1) + "\n    label: " + schema::quote_yaml(nasty_strings()[i]) +
              "\n    set: {party.visits_per_month: 2}\n";
  const fs::path yaml = tmp.path() / "weird \"name\" 网格.yaml";
  write_file(yaml, "simulation:\n  days: 60\ngeography:\n  source: csv\n  buildings_csv: " + schema::quote_yaml(csv_name) +
                       "\n  link_radius: 1.5\ninterventions:\n" + labels);

  const CmdResult first = run_gridgov({"validate", yaml.string(), "--print"});
  INFO("stderr: " << first.err);
  REQUIRE(first.exit_code == 0);
  // Resolve the resolved file, twice, under the same name: the second time changes nothing.
  const fs::path r = tmp.path() / "r.yaml";
  write_file(r, first.out);
  const CmdResult second = run_gridgov({"validate", r.string(), "--print"});
  INFO("stderr: " << second.err);
  REQUIRE(second.exit_code == 0);
  write_file(r, second.out);
  const CmdResult third = run_gridgov({"validate", r.string(), "--print"});
  REQUIRE(third.exit_code == 0);
  CHECK(third.out == second.out);
  // Apart from the Source comment, the first resolution is already the fixed point.
  auto without_source = [](std::string s) {
    return s.erase(s.find("# Source:"), s.find('\n', s.find("# Source:")) - s.find("# Source:"));
  };
  CHECK(without_source(first.out) == without_source(second.out));
  // And every string is what the file said.
  const auto sc = gm::load_scenario(r.string(), {});
  REQUIRE(sc.spec.interventions.size() == nasty_strings().size());
  for (std::size_t i = 0; i < nasty_strings().size(); ++i) CHECK(sc.spec.interventions[i].label == nasty_strings()[i]);
  CHECK(sc.spec.buildings_csv == csv.string());
  // The file's own name (with a quote and Unicode) is a one-line comment that cannot break the YAML.
  CHECK(first.out.find("# Source: " + yaml.string() + "\n") != std::string::npos);
}

TEST_CASE("a source name with a line break cannot inject keys through the resolved header", "[unit][schema]") {
  const auto sc = gm::load_scenario_text("simulation:\n  days: 30\n", "x\nsimulation:\n  days: 5", "", {});
  const std::string header = gm::resolved_header(sc.spec, sc.source);
  const auto back = gm::load_scenario_text(header + "simulation:\n  days: 30\n", "again", "", {});
  CHECK(back.spec.days == 30);
}

TEST_CASE("every key refuses a value of the wrong shape or a number that is not plain, naming the key", "[unit][schema]") {
  const auto& S = gm::scenario_schema();
  for (const auto& p : S.params()) {
    // Nested YAML for the key path, e.g. "party:\n  kinds:\n    retired: VALUE\n".
    auto yaml_for = [&](const std::string& value) {
      std::string out, indent;
      std::size_t start = 0, dot;
      while ((dot = p.path.find('.', start)) != std::string::npos) {
        out += indent + p.path.substr(start, dot - start) + ":\n";
        indent += "  ";
        start = dot + 1;
      }
      return out + indent + p.path.substr(start) + ": " + value + "\n";
    };
    std::vector<std::string> bad{"[1]", "{a: 1}", "[]", "{}"};
    if (p.kind == schema::Kind::Int || p.kind == schema::Kind::Real)
      bad.insert(bad.end(), {".nan", ".inf", "-.inf", "1e999", "0x10", "1_0", "\"1\"", "007"});
    if (p.kind == schema::Kind::Bool) bad.insert(bad.end(), {"\"true\"", "maybe", "~"});
    for (const auto& v : bad) {
      const std::string text = yaml_for(v);
      INFO(text);
      try {
        (void)gm::load_scenario_text(text, "shape.yaml", "", {});
        FAIL("accepted");
      } catch (const gridgov::schema::InputError& e) {
        const std::string msg = e.what();
        CHECK(msg.rfind("shape.yaml:", 0) == 0);
        CHECK_THAT(msg, Catch::Contains("'" + p.path));
        CHECK_THAT(msg, Catch::Contains("expected"));
      }
    }
  }
}
