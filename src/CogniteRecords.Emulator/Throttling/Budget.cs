using System;

namespace CogniteRecords.Emulator.Throttling
{
    /// <summary>
    /// One budget of one identity or project: a token bucket of requests per second (a second's worth of burst, at least one),
    /// a count of requests in flight, and optionally a bucket of response bytes per second that a large answer may
    /// overdraw (the next request then waits until it is paid back). Counts real time, never the movable clock.
    /// </summary>
    internal sealed class Budget
    {
        private readonly object _gate = new();
        private readonly double _perSecond;
        private readonly int _concurrent;
        private readonly double _bytesPerSecond;
        private double _tokens;
        private double _bytes;
        private int _inFlight;
        private readonly TimeProvider _time;
        private long _last;

        public Budget(double perSecond, int concurrent, double bytesPerSecond = 0, TimeProvider? time = null)
        {
            _time = time ?? TimeProvider.System;
            _last = _time.GetTimestamp();
            _perSecond = perSecond;
            _concurrent = concurrent;
            _bytesPerSecond = bytesPerSecond;
            _tokens = Burst;
            _bytes = bytesPerSecond;
        }

        public double PerSecond => _perSecond;
        public int Concurrent => _concurrent;
        public double BytesPerSecond => _bytesPerSecond;

        // A second's worth of requests may come at once; a budget of less than one a second still lets one through.
        private double Burst => Math.Max(1, _perSecond);

        private void Refill()
        {
            long now = _time.GetTimestamp();
            double seconds = (now - _last) / (double)_time.TimestampFrequency;
            _last = now;
            _tokens = Math.Min(Burst, _tokens + seconds * _perSecond);
            if (_bytesPerSecond > 0) _bytes = Math.Min(_bytesPerSecond, _bytes + seconds * _bytesPerSecond);
        }

        /// <summary>Takes a request and a place in flight; null when granted, else which limit refused it.</summary>
        public string? TryEnter()
        {
            lock (_gate)
            {
                Refill();
                if (_inFlight >= _concurrent) return $"{_concurrent} concurrent requests";
                if (_tokens < 1) return $"{_perSecond:0.##} requests per second";
                if (_bytesPerSecond > 0 && _bytes <= 0) return $"{_bytesPerSecond / 1e6:0.##} MB of responses per second";
                _tokens -= 1;
                _inFlight++;
                return null;
            }
        }

        /// <summary>Gives the place in flight back and charges the response's bytes.</summary>
        public void Exit(long responseBytes)
        {
            lock (_gate)
            {
                _inFlight--;
                if (_bytesPerSecond > 0)
                {
                    Refill();
                    _bytes -= responseBytes;
                }
            }
        }

        /// <summary>Gives back a request that another budget refused (it was not served).</summary>
        public void Cancel()
        {
            lock (_gate)
            {
                _inFlight--;
                _tokens = Math.Min(Burst, _tokens + 1);
            }
        }
    }
}
