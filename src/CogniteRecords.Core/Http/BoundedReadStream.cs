using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace CogniteRecords.Core.Http
{
    /// <summary>
    /// A response body that may be read up to a bound and no further: the read that would pass it throws
    /// (an <see cref="CdfErrorKind.InvalidResponse"/> that is not retried), so a huge body is refused after at most
    /// the bound was read, never allocated whole.
    /// </summary>
    internal sealed class BoundedReadStream : Stream
    {
        private readonly Stream _inner;
        private readonly long _limit;
        private readonly Func<long, CdfApiException> _tooLarge;
        private long _read;

        public BoundedReadStream(Stream inner, long limit, Func<long, CdfApiException> tooLarge)
        {
            _inner = inner; _limit = limit; _tooLarge = tooLarge;
        }

        public long BytesRead => _read;

        public override int Read(byte[] buffer, int offset, int count) => Count(_inner.Read(buffer, offset, Cap(count)));

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Count(await _inner.ReadAsync(buffer, offset, Cap(count), cancellationToken).ConfigureAwait(false));

        // Ask for at most one byte past the bound: enough to know it was passed.
        private int Cap(int count) => (int)Math.Max(1, Math.Min(count, _limit - _read + 1));

        private int Count(int n)
        {
            _read += n;
            if (_read > _limit) throw _tooLarge(_limit);
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
