using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Core.Filters;
using CogniteRecords.Filters;

namespace CogniteRecords.Commands
{
    /// <summary>
    /// <para type="synopsis">Builds a records filter for Sync-CdfRecord -Filter.</para>
    /// <para type="description">From one operator's parameters, from other filters (-And, -Or, -Not), or from a PowerShell expression (-Expression). The filter is checked against every rule of the Records API before any request.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "CdfRecordFilter", DefaultParameterSetName = ExpressionSet)]
    [OutputType(typeof(RecordFilter))]
    public sealed class NewCdfRecordFilterCommand : PSCmdlet
    {
        private const string EqualsSet = "Equals";
        private const string InSet = "In";
        private const string PrefixSet = "Prefix";
        private const string ExistsSet = "Exists";
        private const string ContainsAnySet = "ContainsAny";
        private const string ContainsAllSet = "ContainsAll";
        private const string RangeSet = "Range";
        private const string HasDataSet = "HasData";
        private const string MatchAllSet = "MatchAll";
        private const string AndSet = "And";
        private const string OrSet = "Or";
        private const string NotSet = "Not";
        private const string ExpressionSet = "Expression";

        /// <summary>The property: 'space/container/prop', a top-level field (space, externalId, createdTime, lastUpdatedTime), or a bare name with -Container.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EqualsSet)]
        [Parameter(Mandatory = true, ParameterSetName = InSet)]
        [Parameter(Mandatory = true, ParameterSetName = PrefixSet)]
        [Parameter(Mandatory = true, ParameterSetName = ExistsSet)]
        [Parameter(Mandatory = true, ParameterSetName = ContainsAnySet)]
        [Parameter(Mandatory = true, ParameterSetName = ContainsAllSet)]
        [Parameter(Mandatory = true, ParameterSetName = RangeSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(FilterPropertyCompleter))]
        public string Property { get; set; } = "";

        /// <summary>equals: the property has this value. $null means the property is missing (not exists).</summary>
        [Parameter(Mandatory = true, ParameterSetName = EqualsSet)]
        [AllowNull]
        public new object? Equals { get; set; }

        /// <summary>in: the property has one of these values (1–100).</summary>
        [Parameter(Mandatory = true, ParameterSetName = InSet)]
        public object[] In { get; set; } = Array.Empty<object>();

        /// <summary>prefix: a text property or space/externalId starts with this (1–500 characters).</summary>
        [Parameter(Mandatory = true, ParameterSetName = PrefixSet)]
        public string Prefix { get; set; } = "";

        /// <summary>exists: the record has a value for the container property.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ExistsSet)]
        public SwitchParameter Exists { get; set; }

        /// <summary>containsAny: a list property holds at least one of these values (1–100).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContainsAnySet)]
        public object[] ContainsAny { get; set; } = Array.Empty<object>();

        /// <summary>containsAll: a list property holds every one of these values (1–100).</summary>
        [Parameter(Mandatory = true, ParameterSetName = ContainsAllSet)]
        public object[] ContainsAll { get; set; } = Array.Empty<object>();

        /// <summary>range: greater than (lower bound).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public object? Gt { get; set; }

        /// <summary>range: greater than or equal (lower bound).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public object? Gte { get; set; }

        /// <summary>range: less than (upper bound).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public object? Lt { get; set; }

        /// <summary>range: less than or equal (upper bound).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public object? Lte { get; set; }

        /// <summary>hasData: the record has data in these containers ('space/container', 1–10).</summary>
        [Parameter(Mandatory = true, ParameterSetName = HasDataSet)]
        [ArgumentCompleter(typeof(FilterContainerCompleter))]
        public string[] HasData { get; set; } = Array.Empty<string>();

        /// <summary>matchAll: every record.</summary>
        [Parameter(Mandatory = true, ParameterSetName = MatchAllSet)]
        public SwitchParameter MatchAll { get; set; }

        /// <summary>and: every one of these filters (filter objects, hashtables or JSON, 1–99).</summary>
        [Parameter(Mandatory = true, ParameterSetName = AndSet)]
        public object[] And { get; set; } = Array.Empty<object>();

        /// <summary>or: at least one of these filters (filter objects, hashtables or JSON, 1–99).</summary>
        [Parameter(Mandatory = true, ParameterSetName = OrSet)]
        public object[] Or { get; set; } = Array.Empty<object>();

        /// <summary>not: the opposite of this filter (a filter object, a hashtable or JSON).</summary>
        [Parameter(Mandatory = true, ParameterSetName = NotSet)]
        public object? Not { get; set; }

        /// <summary>A PowerShell expression translated into the filter language.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ExpressionSet)]
        public ScriptBlock? Expression { get; set; }

        /// <summary>'space/container' where bare property names (in -Expression or -Property) live.</summary>
        [Parameter(ParameterSetName = ExpressionSet)]
        [Parameter(ParameterSetName = EqualsSet)]
        [Parameter(ParameterSetName = InSet)]
        [Parameter(ParameterSetName = PrefixSet)]
        [Parameter(ParameterSetName = ExistsSet)]
        [Parameter(ParameterSetName = ContainsAnySet)]
        [Parameter(ParameterSetName = ContainsAllSet)]
        [Parameter(ParameterSetName = RangeSet)]
        [ValidatePattern("^[^/]+/[^/]+$")]
        [ArgumentCompleter(typeof(FilterContainerCompleter))]
        public string? Container { get; set; }

        /// <inheritdoc />
        protected override void EndProcessing()
        {
            FilterNode node;
            try
            {
                node = ParameterSetName == ExpressionSet ? FromExpression() : FromParameters();
            }
            catch (FilterValidationException e)
            {
                ThrowTerminatingError(new ErrorRecord(new ArgumentException(e.Message), "InvalidRecordFilter", ErrorCategory.InvalidArgument, e.FilterPath));
                return;
            }
            catch (FilterExpressionException e)
            {
                var record = new ErrorRecord(new ArgumentException(e.Message), "UnsupportedFilterExpression", ErrorCategory.InvalidArgument, e.Extent.Text);
                ThrowTerminatingError(record);
                return;
            }
            WriteObject(new RecordFilter(node));
        }

        private FilterNode FromExpression()
        {
            if (!(Expression!.Ast is ScriptBlockAst ast))
                throw new FilterValidationException("Invalid filter: -Expression needs a script block such as { temperature -ge 20 }.");
            var translator = new FilterExpressionTranslator(Container, ResolveVariable, text => SessionState.InvokeCommand.ExpandString(text));
            return translator.Translate(ast);
        }

        // Variables are read from the caller's scope (a binary cmdlet's SessionState is its caller's), when the filter is built.
        private bool ResolveVariable(string name, out object? value)
        {
            var variable = SessionState.PSVariable.Get(name);
            value = variable?.Value;
            return variable != null;
        }

        private FilterNode FromParameters()
        {
            switch (ParameterSetName)
            {
                case EqualsSet:
                {
                    var value = FilterArgument.ToPlainData(Equals);
                    // -Equals $null: the property is missing, as -eq $null in an expression
                    return value == null ? FilterNode.Missing(PropertyArgument()) : FilterNode.Equals(PropertyArgument(), value);
                }
                case InSet: return FilterNode.In(PropertyArgument(), FilterArgument.ToPlainData(In));
                case PrefixSet: return FilterNode.Prefix(PropertyArgument(), FilterArgument.ToPlainData(Prefix));
                case ExistsSet:
                    if (!Exists.IsPresent) throw new FilterValidationException("Invalid filter: -Exists:$false is not a filter; use -Not (New-CdfRecordFilter -Property ... -Exists).");
                    return FilterNode.Exists(PropertyArgument());
                case ContainsAnySet: return FilterNode.ContainsAny(PropertyArgument(), FilterArgument.ToPlainData(ContainsAny));
                case ContainsAllSet: return FilterNode.ContainsAll(PropertyArgument(), FilterArgument.ToPlainData(ContainsAll));
                case RangeSet:
                {
                    var property = PropertyArgument();
                    var bounds = new List<KeyValuePair<string, object?>>();
                    foreach (var (name, value) in new[] { ("gt", Gt), ("gte", Gte), ("lt", Lt), ("lte", Lte) })
                        if (MyInvocation.BoundParameters.ContainsKey(name)) bounds.Add(new KeyValuePair<string, object?>(name, FilterArgument.ToPlainData(value)));
                    if (bounds.Count == 0)
                        throw new FilterValidationException($"Invalid filter: -Property '{Property}' needs an operator: -Equals, -In, -Prefix, -Exists, -ContainsAny, -ContainsAll, or range bounds -Gt/-Gte/-Lt/-Lte.");
                    return FilterNode.Range(property, bounds);
                }
                case HasDataSet: return FilterNode.HasData(HasData.Cast<object?>());
                case MatchAllSet:
                    if (!MatchAll.IsPresent) throw new FilterValidationException("Invalid filter: -MatchAll:$false is not a filter.");
                    return FilterNode.MatchAll();
                case AndSet: return FilterNode.And(Children(And));
                case OrSet: return FilterNode.Or(Children(Or));
                case NotSet: return FilterNode.Not(FilterArgument.ToPlainData(Not));
                default: throw new InvalidOperationException("Unknown parameter set " + ParameterSetName);
            }
        }

        private static IEnumerable<object?> Children(object[] filters) => (IEnumerable<object?>)FilterArgument.ToPlainData(filters)!;

        private object PropertyArgument()
        {
            if (Property.IndexOf('/') >= 0) return Property;
            if (PropertyReference.TopLevelFields.Any(f => string.Equals(f, Property, StringComparison.OrdinalIgnoreCase))) return Property;
            if (string.IsNullOrEmpty(Container))
                throw new FilterValidationException($"Invalid filter: -Property '{Property}' is neither 'space/container/property' nor a top-level field ({string.Join(", ", PropertyReference.TopLevelFields)}); add -Container 'space/container'.", "property");
            return Container + "/" + Property;
        }
    }
}
