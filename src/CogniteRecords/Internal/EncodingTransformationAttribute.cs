using System;
using System.Management.Automation;
using System.Text;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Lets -Encoding take the names Export-Csv takes (utf8, utf8NoBOM, utf8BOM, unicode, bigendianunicode, utf32,
    /// bigendianutf32, ascii, latin1), a code page number or name, or an [Encoding]. utf8 means without a BOM, as in
    /// PowerShell 7.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class EncodingTransformationAttribute : ArgumentTransformationAttribute
    {
        internal static readonly string[] Names = { "utf8", "utf8NoBOM", "utf8BOM", "unicode", "bigendianunicode", "utf32", "bigendianutf32", "ascii", "latin1" };

        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            if (inputData is PSObject pso) inputData = pso.BaseObject;
            switch (inputData)
            {
                case Encoding e: return e;
                case int codePage: return FromCodePage(codePage);
                case string name: return FromName(name);
                default: return inputData;
            }
        }

        private static Encoding FromName(string name)
        {
            switch (name.ToLowerInvariant())
            {
                case "utf8":
                case "utf8nobom": return new UTF8Encoding(false);
                case "utf8bom": return new UTF8Encoding(true);
                case "unicode": return new UnicodeEncoding(false, true);
                case "bigendianunicode": return new UnicodeEncoding(true, true);
                case "utf32": return new UTF32Encoding(false, true);
                case "bigendianutf32": return new UTF32Encoding(true, true);
                case "ascii": return new ASCIIEncoding();
                case "latin1": return Encoding.GetEncoding(28591);
            }
            if (int.TryParse(name, out var codePage)) return FromCodePage(codePage);
            try
            {
                return Encoding.GetEncoding(name);
            }
            catch (ArgumentException)
            {
                throw new ArgumentTransformationMetadataException($"'{name}' is not an encoding. Use one of {string.Join(", ", Names)}, a code page number, or an [System.Text.Encoding].");
            }
        }

        private static Encoding FromCodePage(int codePage)
        {
            try
            {
                return Encoding.GetEncoding(codePage);
            }
            catch (Exception e) when (e is ArgumentException || e is NotSupportedException)
            {
                throw new ArgumentTransformationMetadataException($"The code page {codePage} is not available here: {e.Message}");
            }
        }
    }
}
