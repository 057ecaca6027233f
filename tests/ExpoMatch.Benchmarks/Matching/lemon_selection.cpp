// LEMON reference for `matching solve`: reads a bmf problem and solves the same selection flow as our engine
// (stage A) with LEMON's NetworkSimplex (block-search pivoting, its default). Built by the benchmark only when
// Debian's liblemon-dev is installed; never needed by tests or CI.
//
// The flow is the engine's: a circulation through one hub z, z -> v (cap b_v), v -> e (cap 1, cost -w),
// e -> z (cap b_e). With availability windows the engine's stage A is reproduced: b_v is cut to the visitor's
// available slots, b_e to tables x the booth's available slots, and pairs without a common slot are dropped.
// Prints one JSON line: value of the optimum, arcs used, seconds to read, build and run.
#include <lemon/smart_graph.h>
#include <lemon/network_simplex.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace lemon;
using Clock = std::chrono::steady_clock;

static double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

// Availability as one flag per slot; no windows means every slot.
static std::vector<char> Mask(std::istringstream& in, int slots) {
  std::vector<char> mask(slots, 0);
  std::string range;
  bool any = false;
  while (in >> range) {
    any = true;
    int from = 0, to = 0;
    if (std::sscanf(range.c_str(), "%d-%d", &from, &to) != 2) {
      std::fprintf(stderr, "bad window '%s'\n", range.c_str());
      std::exit(2);
    }
    for (int s = std::max(0, from); s <= std::min(slots - 1, to); s++) mask[s] = 1;
  }
  if (!any) std::fill(mask.begin(), mask.end(), 1);
  return mask;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: lemon_selection problem.bmf\n");
    return 2;
  }
  auto t0 = Clock::now();
  std::ifstream file(argv[1]);
  if (!file) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 2;
  }
  int nv = 0, ne = 0, slots = 0, na = 0;
  std::vector<int> vcap, xcap, av, ax;
  std::vector<long long> aw;
  std::vector<std::vector<char>> vmask, xmask;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == 'c') continue;
    std::istringstream in(line);
    char kind = 0;
    in >> kind;
    if (kind == 'p') {
      in >> nv >> ne >> slots >> na;
      vcap.assign(nv, 0);
      xcap.assign(ne, 0);
      vmask.resize(nv);
      xmask.resize(ne);
      av.reserve(na);
      ax.reserve(na);
      aw.reserve(na);
    } else if (kind == 'v') {
      int v = 0, cap = 0;
      in >> v >> cap;
      vmask[v] = Mask(in, slots);
      int free = 0;
      for (char c : vmask[v]) free += c;
      vcap[v] = std::min(cap, free);
    } else if (kind == 'x') {
      int e = 0, cap = 0, tables = 0;
      in >> e >> cap >> tables;
      xmask[e] = Mask(in, slots);
      int free = 0;
      for (char c : xmask[e]) free += c;
      xcap[e] = std::min(cap, tables * free);
    } else if (kind == 'a') {
      int v = 0, e = 0;
      long long w = 0;
      in >> v >> e >> w;
      av.push_back(v);
      ax.push_back(e);
      aw.push_back(w);
    }
  }
  double readSeconds = Seconds(t0);

  auto t1 = Clock::now();
  SmartDigraph g;
  g.reserveNode(nv + ne + 1);
  g.reserveArc(na + nv + ne);
  std::vector<SmartDigraph::Node> node(nv + ne + 1);
  for (auto& n : node) n = g.addNode();
  const int z = nv + ne;
  SmartDigraph::ArcMap<int> cap(g);
  SmartDigraph::ArcMap<long long> cost(g);
  std::vector<char> visitorWindowed(nv), boothWindowed(ne);
  for (int v = 0; v < nv; v++) {
    auto a = g.addArc(node[z], node[v]);
    cap[a] = vcap[v];
    cost[a] = 0;
  }
  for (int e = 0; e < ne; e++) {
    auto a = g.addArc(node[nv + e], node[z]);
    cap[a] = xcap[e];
    cost[a] = 0;
  }
  int used = 0;
  std::vector<SmartDigraph::Arc> pairArc(na);
  std::vector<char> kept(na, 0);
  for (int i = 0; i < na; i++) {
    const auto& vm = vmask[av[i]];
    const auto& xm = xmask[ax[i]];
    bool common = false;
    for (int s = 0; s < slots && !common; s++) common = vm[s] && xm[s];
    if (!common) continue;
    auto a = g.addArc(node[av[i]], node[nv + ax[i]]);
    cap[a] = 1;
    cost[a] = -aw[i];
    pairArc[i] = a;
    kept[i] = 1;
    used++;
  }
  double buildSeconds = Seconds(t1);

  auto t2 = Clock::now();
  NetworkSimplex<SmartDigraph, int, long long> ns(g);
  ns.upperMap(cap).costMap(cost);
  auto status = ns.run();
  double runSeconds = Seconds(t2);
  if (status != NetworkSimplex<SmartDigraph, int, long long>::OPTIMAL) {
    std::fprintf(stderr, "network simplex: status %d\n", static_cast<int>(status));
    return 1;
  }
  long long value = 0;
  int chosen = 0;
  for (int i = 0; i < na; i++) {
    if (kept[i] && ns.flow(pairArc[i]) > 0) {
      value += aw[i];
      chosen++;
    }
  }
  std::printf("{\"value\":%lld,\"selected\":%d,\"arcs\":%d,\"readSeconds\":%.3f,\"buildSeconds\":%.3f,\"runSeconds\":%.3f}\n",
              value, chosen, used, readSeconds, buildSeconds, runSeconds);
  return 0;
}
