using System.Diagnostics;
using System.Globalization;
using ExpoMatch.Functions.Notifications;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ExpoMatch.Benchmarks.Email;

/// <summary>
/// Renders schedule emails (6 meetings, mixed languages, .ics attached) and sends each through the real SendGrid
/// client to the in-process fake SendGrid over loopback HTTP, with bounded concurrency. Prints emails/s and the
/// process's peak working set per run, then the medians. The fake's own CPU and memory are included: it runs here.
/// Usage: email [--emails 50000] [--runs 3] [--concurrency 32] [--render-only]
/// --render-only composes the emails without sending, to split the cost between rendering and HTTP.
/// </summary>
public static class EmailBenchmark
{
    private static readonly string[] Languages = ["en", "vi-VN", "th-TH", "zh-Hans", "ru-RU", "zh-CN", "vi", "fr-FR"];
    private static readonly string[] Names = ["Nguyễn Thị Minh Khai", "สมชาย ประเสริฐ", "王伟", "Иван Петров", "Jane O'Neil & Partners", "Trần Văn An", "李娜", "Ольга Смирнова"];
    private static readonly string[] Companies = ["Công ty Cổ phần Đô thị Thông minh", "Bangkok Smart Grid Co.", "深圳智慧城市科技有限公司", "ООО «Умный город»", "Acme <Water> Ltd"];
    private static readonly string[] Tags = ["IoT", "smart grid", "giao thông thông minh", "智慧水务", "การจัดการขยะ", "цифровой двойник", "AI", "mobility"];

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        var emails = Option(args, "--emails", 50_000);
        var runs = Option(args, "--runs", 3);
        var concurrency = Option(args, "--concurrency", 32);
        var renderOnly = args.Contains("--render-only");

        await using var fake = await FakeSendGrid.StartAsync(recordMessages: false);
        await using var services = BuildServices(fake.BaseUrl);
        var composer = services.GetRequiredService<ScheduleEmailComposer>();
        var discarding = new DiscardingSender();
        var sender = renderOnly ? discarding : services.GetRequiredService<IEmailSender>();

        await SendAllAsync(composer, sender, 1_000, concurrency); // warm-up: JIT, connections
        Console.WriteLine($"email: {emails:N0} schedule emails x {runs} runs, concurrency {concurrency}, fake SendGrid at {fake.BaseUrl}");
        Console.WriteLine("run  emails/s  CPU ms/email  peak working set (MB)  accepted");
        var rates = new List<double>();
        var cpus = new List<double>();
        var peaks = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var acceptedBefore = fake.AcceptedCount + discarding.Count;
            using var sampler = new PeakMemorySampler();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var stopwatch = Stopwatch.StartNew();
            await SendAllAsync(composer, sender, emails, concurrency);
            stopwatch.Stop();
            // CPU per email (all threads, fake server included) does not depend on what else the machine is running.
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / emails;
            var peakMb = sampler.Stop() / (1024.0 * 1024.0);
            var rate = emails / stopwatch.Elapsed.TotalSeconds;
            var accepted = fake.AcceptedCount + discarding.Count - acceptedBefore;
            rates.Add(rate);
            cpus.Add(cpuMs);
            peaks.Add(peakMb);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{run,3}  {rate,8:F0}  {cpuMs,12:F3}  {peakMb,21:F0}  {accepted,8}"));
            if (accepted != emails)
            {
                Console.Error.WriteLine($"only {accepted} of {emails} emails were accepted");
                return 1;
            }

            GC.Collect();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: {Median(rates):F0} emails/s, {Median(cpus):F3} CPU ms/email, peak working set {Median(peaks):F0} MB"));
        return 0;
    }

    private static Task SendAllAsync(ScheduleEmailComposer composer, IEmailSender sender, int count, int concurrency) =>
        Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (i, ct) => await sender.SendAsync(composer.ComposeSchedule(Model(i)), ct));

    private static ServiceProvider BuildServices(Uri fakeUrl)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ExpoMatch:Email:SendGrid:BaseUrl"] = fakeUrl.ToString(),
            ["ExpoMatch:Email:SendGrid:ApiKey"] = FakeSendGrid.ApiKey,
            ["ExpoMatch:Email:SendGrid:FromEmail"] = "schedules@expomatch.example",
            ["ExpoMatch:Email:SendGrid:FromName"] = "Smart City Asia",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddNotifications();
        return services.BuildServiceProvider();
    }

    /// <summary>A participant with 6 meetings over two days, some changed or cancelled; deterministic per index.</summary>
    private static ScheduleEmailModel Model(int i)
    {
        var day = new DateTimeOffset(2026, 12, 1, 1, 30, 0, TimeSpan.Zero);
        var meetings = new ScheduledMeeting[6];
        for (var m = 0; m < meetings.Length; m++)
        {
            var start = day.AddDays(m / 3).AddMinutes(((m % 3) * 45) + ((i % 4) * 30));
            meetings[m] = new ScheduledMeeting(
                string.Create(CultureInfo.InvariantCulture, $"m-{i}-{m}"),
                m % 3,
                start,
                start.AddMinutes(30),
                string.Create(CultureInfo.InvariantCulture, $"{(char)('A' + ((i + m) % 8))}{(i * 7 + m) % 60:D2}"),
                ((i + m) % 20 + 1).ToString(CultureInfo.InvariantCulture),
                Names[(i + m + 1) % Names.Length],
                Companies[(i + m) % Companies.Length],
                [Tags[(i + m) % Tags.Length], Tags[(i + (2 * m) + 3) % Tags.Length]],
                (MeetingChange)((i + m) % 4));
        }

        return new ScheduleEmailModel(
            "smartcity-2026",
            "Smart City Asia 2026",
            "Asia/Ho_Chi_Minh",
            string.Create(CultureInfo.InvariantCulture, $"p-{i:D6}"),
            new EmailAddress(string.Create(CultureInfo.InvariantCulture, $"participant{i}@example.com"), Names[i % Names.Length]),
            Languages[i % Languages.Length],
            1 + (i % 3),
            meetings);
    }

    /// <summary>Stands in for the real sender with --render-only, counting what it was given.</summary>
    private sealed class DiscardingSender : IEmailSender
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public Task<EmailSendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.FromResult(new EmailSendResult(message.MessageId, null));
        }
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Samples the working set every 20 ms: Process.PeakWorkingSet64 would only ever grow across runs.</summary>
    private sealed class PeakMemorySampler : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task<long> _sampling;

        public PeakMemorySampler() => _sampling = Task.Run(SampleAsync);

        public long Stop()
        {
            _stop.Cancel();
            return _sampling.GetAwaiter().GetResult();
        }

        public void Dispose() => _stop.Dispose();

        private async Task<long> SampleAsync()
        {
            using var process = Process.GetCurrentProcess();
            long peak = 0;
            while (!_stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }

            process.Refresh();
            return Math.Max(peak, process.WorkingSet64);
        }
    }
}
