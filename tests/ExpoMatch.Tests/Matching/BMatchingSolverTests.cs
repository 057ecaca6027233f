using ExpoMatch.Matching.Model;
using ExpoMatch.Matching.Selection;

namespace ExpoMatch.Tests.Matching;

public sealed class BMatchingSolverTests
{
    /// <summary>Best value over every subset of arcs that respects the capacities.</summary>
    private static long BruteForce(MatchingProblem p) => BruteForceFair(p, fair: false).Value;

    /// <summary>
    /// Best (visitors with a meeting, value) over every feasible subset, compared lexicographically when
    /// <paramref name="fair"/>, by value alone otherwise.
    /// </summary>
    private static (int Covered, long Value) BruteForceFair(MatchingProblem p, bool fair)
    {
        (int Covered, long Value) best = (0, 0);
        var n = p.ArcCount;
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var vl = new int[p.VisitorCount];
            var el = new int[p.ExhibitorCount];
            long value = 0;
            var ok = true;
            for (var a = 0; a < n && ok; a++)
            {
                if ((mask & (1 << a)) == 0)
                {
                    continue;
                }

                ok = ++vl[p.ArcVisitor[a]] <= p.VisitorCapacity[p.ArcVisitor[a]]
                    && ++el[p.ArcExhibitor[a]] <= p.ExhibitorCapacity[p.ArcExhibitor[a]];
                value += p.ArcWeight[a];
            }

            if (ok)
            {
                var covered = vl.Count(x => x > 0);
                if (fair ? covered > best.Covered || (covered == best.Covered && value > best.Value) : value > best.Value)
                {
                    best = (fair ? covered : 0, value);
                }
            }
        }

        return best;
    }

    private static void AssertFeasible(MatchingProblem p, BMatching m)
    {
        var vl = new int[p.VisitorCount];
        var el = new int[p.ExhibitorCount];
        long value = 0;
        for (var a = 0; a < p.ArcCount; a++)
        {
            if (m.Selected[a])
            {
                vl[p.ArcVisitor[a]]++;
                el[p.ArcExhibitor[a]]++;
                value += p.ArcWeight[a];
            }
        }

        Assert.Equal(value, m.Value);
        Assert.All(Enumerable.Range(0, p.VisitorCount), v => Assert.True(vl[v] <= p.VisitorCapacity[v]));
        Assert.All(Enumerable.Range(0, p.ExhibitorCount), e => Assert.True(el[e] <= p.ExhibitorCapacity[e]));
    }

    [Fact]
    public void Solve_TinyRandomInstances_MatchesBruteForce()
    {
        var checkedInstances = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var p = RandomInstances.Problem(seed, 2 + (seed % 4), 2 + (seed % 3), 4, 0.6, seed % 2 == 0 ? 10 : 3);
            if (p.ArcCount > 14)
            {
                continue;
            }

            var m = BMatchingSolver.Solve(p);
            AssertFeasible(p, m);
            Assert.Equal(BruteForce(p), m.Value);
            checkedInstances++;
        }

        Assert.True(checkedInstances > 200, $"only {checkedInstances} instances were small enough");
    }

    [Fact]
    public void Solve_AtLeastOne_TinyRandomInstances_MatchesLexicographicBruteForce()
    {
        var differs = 0;
        for (var seed = 0; seed < 400; seed++)
        {
            var p = RandomInstances.Problem(seed, 2 + (seed % 5), 2 + (seed % 3), 4, 0.6, seed % 2 == 0 ? 10 : 1000);
            if (p.ArcCount > 14)
            {
                continue;
            }

            var fair = BMatchingSolver.Solve(p, fairness: FairnessMode.AtLeastOne);
            AssertFeasible(p, fair);
            var (covered, value) = BruteForceFair(p, fair: true);
            var vl = new int[p.VisitorCount];
            for (var a = 0; a < p.ArcCount; a++)
            {
                vl[p.ArcVisitor[a]] += fair.Selected[a] ? 1 : 0;
            }

            Assert.Equal(covered, vl.Count(x => x > 0));
            Assert.Equal(value, fair.Value);
            differs += value != BruteForce(p) ? 1 : 0;
        }

        // The instances must include some where fairness costs value, or the test could not tell the modes apart.
        Assert.True(differs > 5, $"fairness changed the optimum on only {differs} instances");
    }

    [Fact]
    public void Solve_AtLeastOne_MediumInstances_PassesCertificateWithBonus()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var p = RandomInstances.Problem(3000 + seed, 80, 10, 8, 0.15, seed % 2 == 0 ? 5 : 1000);
            var bonus = CostScalingCirculation.FirstMeetingBonus(p);
            var fair = BMatchingSolver.Solve(p, fairness: FairnessMode.AtLeastOne);
            var plain = BMatchingSolver.Solve(p);
            Assert.True(BMatchingCertificate.IsOptimal(p, fair.Selected, firstMeetingBonus: bonus), $"seed {seed}");
            Assert.True(fair.Value <= plain.Value);
            if (fair.Value != plain.Value)
            {
                // Unequal values: the plain optimum must fail the fair certificate and the other way round.
                Assert.False(BMatchingCertificate.IsOptimal(p, plain.Selected, firstMeetingBonus: bonus));
                Assert.False(BMatchingCertificate.IsOptimal(p, fair.Selected));
            }
        }
    }

    [Fact]
    public void Solve_MediumRandomInstances_PassesNegativeCycleCertificate()
    {
        for (var seed = 0; seed < 30; seed++)
        {
            var p = RandomInstances.Problem(1000 + seed, 60, 15, 8, 0.3, seed % 3 == 0 ? 5 : 1000);
            var m = BMatchingSolver.Solve(p);
            AssertFeasible(p, m);
            Assert.True(BMatchingCertificate.IsOptimal(p, m.Selected), $"seed {seed} not optimal");
        }
    }

    [Fact]
    public void Solve_AgreesWithSuccessiveShortestPaths()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var p = RandomInstances.Problem(5000 + seed, 150, 20, 8, 0.25, seed % 2 == 0 ? 3 : 100_000, tables: 2);
            var excluded = Enumerable.Range(0, p.ArcCount).Select(a => (a * 7) % 11 == 0).ToArray();
            var main = BMatchingSolver.Solve(p, null, null, excluded);
            var reference = BMatchingSolver.SolveBySuccessiveShortestPaths(p, null, null, excluded);
            Assert.Equal(reference.Value, main.Value);
            Assert.True(BMatchingCertificate.IsOptimal(p, reference.Selected, null, null, excluded));
        }
    }

    [Fact]
    public void ExcludeAndResolve_EqualsAFreshSolveWithoutThoseArcs()
    {
        for (var seed = 0; seed < 15; seed++)
        {
            var p = RandomInstances.Problem(9000 + seed, 120, 15, 8, 0.3, seed % 2 == 0 ? 4 : 50_000, tables: 2);
            var solver = new CostScalingCirculation(p, p.VisitorCapacity, p.ExhibitorCapacity, null);
            var first = solver.Solve();
            var drop = Enumerable.Range(0, p.ArcCount).Where(a => first[a] && a % 3 == 0).ToList();
            var again = BMatchingSolver.Summarise(p, solver.ExcludeAndResolve(drop));
            var excluded = new bool[p.ArcCount];
            drop.ForEach(a => excluded[a] = true);
            Assert.Equal(BMatchingSolver.Solve(p, null, null, excluded).Value, again.Value);
            Assert.True(BMatchingCertificate.IsOptimal(p, again.Selected, null, null, excluded));
        }
    }

    [Fact]
    public void Auction_LeavesAFeasibleFlow_PricesOnlyFullBooths()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var p = RandomInstances.Problem(12_000 + seed, 100, 12, 8, 0.3, seed % 2 == 0 ? 4 : 100_000, tables: 2);
            var excluded = Enumerable.Range(0, p.ArcCount).Select(a => (a * 5) % 13 == 0).ToArray();
            var auction = VisitorAuction.Run(p, p.VisitorCapacity, p.ExhibitorCapacity, excluded, epsilon: 1);
            var held = Enumerable.Range(0, p.ArcCount).Select(auction.IsHeld).ToArray();
            AssertFeasible(p, BMatchingSolver.Summarise(p, held));
            Assert.DoesNotContain(Enumerable.Range(0, p.ArcCount), a => held[a] && excluded[a]);
            for (var e = 0; e < p.ExhibitorCount; e++)
            {
                var load = Enumerable.Range(0, p.ArcCount).Count(a => held[a] && p.ArcExhibitor[a] == e);
                Assert.True(load == p.ExhibitorCapacity[e] || auction.BoothPrice[e] == 0, $"seed {seed}: booth {e} not full but priced");
            }
        }
    }

    [Fact]
    public void Solve_ProvesTheAuctionFlowOrContinuesByCostScaling_BothOptimal()
    {
        // Ties and close weights make some auction flows suboptimal (cost scaling must finish them), others optimal
        // (the proof alone ends the solve); both kinds must occur and both must be certified optima.
        var kinds = new HashSet<bool>();
        for (var seed = 0; seed < 60; seed++)
        {
            var p = RandomInstances.Problem(14_000 + seed, 120, 10, 8, 0.35, seed % 3 == 0 ? 3 : 1000, tables: 2);
            var solver = new CostScalingCirculation(p, p.VisitorCapacity, p.ExhibitorCapacity, null);
            var selected = solver.Solve();
            kinds.Add(solver.PhasesRun == 0);
            Assert.True(BMatchingCertificate.IsOptimal(p, selected), $"seed {seed}");
            Assert.Equal(BMatchingSolver.SolveBySuccessiveShortestPaths(p).Value, BMatchingSolver.Summarise(p, selected).Value);
        }

        Assert.Equal(2, kinds.Count);
    }

    [Fact]
    public void ExcludeAndResolve_RepeatedRounds_StayOptimal()
    {
        // Round after round, as windows need: arcs that carry flow are dropped and the repair (through the hub
        // cluster of visitors with spare units) must equal an independent solve without all dropped arcs.
        for (var seed = 0; seed < 10; seed++)
        {
            var p = RandomInstances.Problem(16_000 + seed, 200, 15, 8, 0.25, seed % 2 == 0 ? 5 : 100_000, tables: 2);
            var solver = new CostScalingCirculation(p, p.VisitorCapacity, p.ExhibitorCapacity, null);
            var chosen = solver.Solve();
            var excluded = new bool[p.ArcCount];
            for (var round = 0; round < 4; round++)
            {
                var drop = Enumerable.Range(0, p.ArcCount).Where(a => chosen[a] && (a + round) % 7 == 0).ToList();
                drop.ForEach(a => excluded[a] = true);
                chosen = solver.ExcludeAndResolve(drop);
                var again = BMatchingSolver.Summarise(p, chosen);
                Assert.Equal(BMatchingSolver.SolveBySuccessiveShortestPaths(p, null, null, excluded).Value, again.Value);
                Assert.True(BMatchingCertificate.IsOptimal(p, again.Selected, null, null, excluded), $"seed {seed} round {round}");
            }
        }
    }

    [Fact]
    public void Solve_HugeCapacities_StaysOptimalWithoutHugeAllocations()
    {
        // Capacities far above the arc counts (a bmf file may say anything): the auction sizes its booth heaps by
        // arcs, and booths that cannot fill keep price 0.
        var p = RandomInstances.Problem(31, 60, 8, 8, 0.4, 1000);
        var vc = p.VisitorCapacity.Select(_ => 1_000_000).ToArray();
        var ec = p.ExhibitorCapacity.Select((c, e) => e % 2 == 0 ? 1_000_000_000 : c).ToArray();
        var m = BMatchingSolver.Solve(p, vc, ec);
        Assert.True(BMatchingCertificate.IsOptimal(p, m.Selected, vc, ec));
        Assert.Equal(BMatchingSolver.SolveBySuccessiveShortestPaths(p, vc, ec).Value, m.Value);
    }

    [Fact]
    public void SuccessiveShortestPaths_TinyRandomInstances_MatchesBruteForce()
    {
        for (var seed = 0; seed < 200; seed++)
        {
            var p = RandomInstances.Problem(seed, 2 + (seed % 4), 2 + (seed % 3), 4, 0.6, 10);
            if (p.ArcCount <= 14)
            {
                Assert.Equal(BruteForce(p), BMatchingSolver.SolveBySuccessiveShortestPaths(p).Value);
            }
        }
    }

    [Fact]
    public void Certificate_RejectsASuboptimalSelection()
    {
        // One visitor, two exhibitors, capacity 1: picking the lighter arc is feasible but not optimal.
        var p = new MatchingProblem(1, [1], [null], [1, 1], [1, 1], [null, null], [0, 0], [0, 1], [5, 9]);
        Assert.False(BMatchingCertificate.IsOptimal(p, [true, false]));
        Assert.True(BMatchingCertificate.IsOptimal(p, [false, true]));
    }

    [Fact]
    public void Solve_RespectsExclusionsAndReducedCapacities()
    {
        var p = RandomInstances.Problem(77, 40, 10, 8, 0.4, 50);
        var excluded = Enumerable.Range(0, p.ArcCount).Select(a => a % 5 == 0).ToArray();
        var vc = p.VisitorCapacity.Select(c => c / 2).ToArray();
        var m = BMatchingSolver.Solve(p, vc, null, excluded);
        Assert.DoesNotContain(Enumerable.Range(0, p.ArcCount), a => m.Selected[a] && excluded[a]);
        Assert.True(BMatchingCertificate.IsOptimal(p, m.Selected, vc, null, excluded));
    }

    [Fact]
    public void Solve_SameInput_SameSelection()
    {
        var p = RandomInstances.Problem(5, 200, 30, 8, 0.2, 3); // many ties
        Assert.Equal(BMatchingSolver.Solve(p).Selected, BMatchingSolver.Solve(p).Selected);
    }
}
