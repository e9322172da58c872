using System;

namespace CogniteRecords.Core.Records
{
    /// <summary>Input the client can refuse before any request; <see cref="ErrorId"/> names the rule broken.</summary>
    public sealed class CdfArgumentException : ArgumentException
    {
        public CdfArgumentException(string errorId, string parameter, string message) : base(message, parameter) => ErrorId = errorId;

        /// <summary>e.g. "InvalidStreamId", "InvalidSource", "TooManySources".</summary>
        public string ErrorId { get; }

        /// <summary>The message without the "(Parameter ...)" suffix ArgumentException adds.</summary>
        public string Reason => base.Message.Replace(" (Parameter '" + ParamName + "')", "");
    }
}
