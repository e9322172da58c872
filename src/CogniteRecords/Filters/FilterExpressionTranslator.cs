using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using CogniteRecords.Core.Filters;

namespace CogniteRecords.Filters
{
    /// <summary>
    /// Translates a PowerShell expression (a ScriptBlock's AST) into the filter language, without running any of it.
    /// Two forms are read: the expression form (<c>{ $_.temperature -ge 20 }</c>, <c>{ 'space/container/prop' -eq 1 }</c>)
    /// and the command form, which is how PowerShell parses a block that starts with a bare word
    /// (<c>{ temperature -ge 20 -and tags -contains 'a' }</c>: a command 'temperature' with arguments), the way the
    /// ActiveDirectory module's -Filter does. Both follow PowerShell's precedence: comparisons bind tighter than
    /// -and/-or, which are equal and left-associative.
    /// </summary>
    internal sealed class FilterExpressionTranslator
    {

        private static readonly HashSet<Type> CastTypes = new HashSet<Type>
        {
            typeof(DateTime), typeof(DateTimeOffset), typeof(string), typeof(bool), typeof(int), typeof(long), typeof(short), typeof(byte),
            typeof(double), typeof(float), typeof(decimal), typeof(uint), typeof(ulong), typeof(object[]), typeof(string[]), typeof(int[]),
            typeof(long[]), typeof(double[]), typeof(DateTime[]),
        };

        private readonly string? _containerSpace;
        private readonly string? _container;
        private readonly VariableResolver _variables;
        private readonly Func<string, string>? _expandString;

        /// <param name="container">'space/container' where bare property names live, or null.</param>
        /// <param name="variables">Reads a variable of the caller's scope.</param>
        /// <param name="expandString">Expands a double-quoted string whose only inner expressions are variables (optional).</param>
        public FilterExpressionTranslator(string? container, VariableResolver variables, Func<string, string>? expandString = null)
        {
            if (!string.IsNullOrEmpty(container))
            {
                var parts = container!.Split('/');
                if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
                    throw new ArgumentException($"-Container is 'space/container'; got '{container}'.");
                _containerSpace = parts[0];
                _container = parts[1];
            }
            _variables = variables;
            _expandString = expandString;
        }

        /// <summary>Translates the script block's single expression. Throws <see cref="FilterExpressionException"/>.</summary>
        public FilterNode Translate(ScriptBlockAst script)
        {
            if (script.ParamBlock != null) throw Refuse(script.ParamBlock, "a param() block", "write only the condition, e.g. { temperature -ge 20 }.");
            if (script.BeginBlock != null || script.ProcessBlock != null || script.DynamicParamBlock != null)
                throw Refuse(script, "begin/process blocks", "write only the condition, e.g. { temperature -ge 20 }.");
            var statements = script.EndBlock?.Statements;
            if (statements == null || statements.Count == 0)
                throw Refuse(script, "an empty expression", "write a condition, e.g. { temperature -ge 20 }.");
            FilterNode node;
            if (statements.Count > 1)
            {
                // In the command form a line break ends the 'command', so 'a -eq 1 -and' + newline + 'b -eq 2' are two
                // statements; a line that ends in -and/-or is read as going on, as the user meant.
                for (int i = 0; i < statements.Count - 1; i++)
                {
                    if (!EndsWithJoiner(statements[i]) || !IsSimplePipeline(statements[i + 1]))
                        throw Refuse(statements[i + 1], "a second statement", "write one condition; combine conditions with -and / -or.");
                }
                node = new CommandForm(this, statements.Cast<PipelineBaseAst>().ToList()).Parse();
            }
            else
            {
                node = TranslateStatement(statements[0]);
            }
            try
            {
                return FilterParser.Parse(node); // the whole-tree limits
            }
            catch (FilterValidationException e)
            {
                throw new FilterExpressionException(e.Message, script.Extent);
            }
        }

        // ---- filters ----

        private static bool IsSimplePipeline(StatementAst statement) =>
            statement is PipelineAst p && p.PipelineElements.Count == 1 && p.PipelineElements[0].Redirections.Count == 0
            && (p.PipelineElements[0] is CommandAst || p.PipelineElements[0] is CommandExpressionAst);

        private static bool EndsWithJoiner(StatementAst statement) =>
            IsSimplePipeline(statement) && ((PipelineAst)statement).PipelineElements[0] is CommandAst c
            && c.CommandElements[c.CommandElements.Count - 1] is CommandParameterAst last && last.Argument == null
            && (CanonicalOperator(last.ParameterName) == "and" || CanonicalOperator(last.ParameterName) == "or");

        private FilterNode TranslateStatement(StatementAst statement)
        {
            if (!(statement is PipelineAst pipeline))
                throw Refuse(statement, "a statement (" + Describe(statement) + ")", "write one condition such as temperature -ge 20.");
            if (pipeline.PipelineElements.Count != 1)
                throw Refuse(pipeline.PipelineElements[1], "a pipeline", "filters cannot run commands; write one condition such as temperature -ge 20.");
            var element = pipeline.PipelineElements[0];
            if (element.Redirections.Count > 0) throw Refuse(element.Redirections[0], "a redirection", "remove it.");
            switch (element)
            {
                case CommandExpressionAst expression:
                    return TranslateFilter(expression.Expression);
                case CommandAst command:
                    return new CommandForm(this, new[] { pipeline }).Parse();
                default:
                    throw Refuse(element, Describe(element), "write a condition such as temperature -ge 20.");
            }
        }

        private FilterNode TranslateFilter(ExpressionAst ast)
        {
            switch (ast)
            {
                case ParenExpressionAst paren:
                    return TranslateStatement(paren.Pipeline);
                case UnaryExpressionAst unary when unary.TokenKind == TokenKind.Not || unary.TokenKind == TokenKind.Exclaim:
                    return Not(TranslateFilter(unary.Child), unary);
                case BinaryExpressionAst binary when binary.Operator == TokenKind.And || binary.Operator == TokenKind.Or:
                    return Combine(binary.Operator == TokenKind.And ? "and" : "or", TranslateFilter(binary.Left), TranslateFilter(binary.Right), binary);
                case BinaryExpressionAst binary:
                {
                    string? op = OperatorName(binary.Operator);
                    if (op == null) throw RefuseOperator(binary, binary.Operator.ToString(), binary.ErrorPosition);
                    return Comparison(binary.Left, op, binary.Right, binary, binary.ErrorPosition);
                }
                case ConstantExpressionAst constant when constant.Value is bool:
                    throw Refuse(ast, "a constant", "a filter needs a property; use New-CdfRecordFilter -MatchAll to match every record.");
                case VariableExpressionAst variable when variable.VariablePath.UserPath == "true":
                    throw Refuse(ast, "$true alone", "use New-CdfRecordFilter -MatchAll to match every record.");
                case MemberExpressionAst _:
                case StringConstantExpressionAst _:
                    throw Refuse(ast, "a property with no comparison", $"compare it: {ast.Extent.Text} -eq $true, or {ast.Extent.Text} -ne $null.");
                default:
                    throw RefuseValueAst(ast, "a condition");
            }
        }

        private FilterNode Comparison(ExpressionAst left, string op, ExpressionAst right, Ast whole, IScriptExtent opExtent)
        {
            // Property on the left; or a value on the left and $_.prop on the right, swapped.
            string? property = PropertyName(left, leftSide: true);
            ExpressionAst valueAst = right;
            if (property == null && PropertyName(right, leftSide: false) == null && !IsPlainValue(left))
                throw RefuseValueAst(left, "a property");
            if (property == null || (left is StringConstantExpressionAst && PropertyName(right, leftSide: false) != null))
            {
                string? rightProperty = PropertyName(right, leftSide: false);
                if (rightProperty == null)
                {
                    if (property == null)
                        throw Refuse(left, "a comparison with no property on either side", "name a property: temperature -ge 20, $_.temperature -ge 20 or 'space/container/prop' -ge 20.");
                }
                else
                {
                    return SwappedComparison(left, op, rightProperty, right, whole, opExtent);
                }
            }
            object? value = Evaluate(valueAst);
            return Leaf(property!, op, value, valueAst, whole.Extent, left.Extent.Text, opExtent);
        }

        private FilterNode SwappedComparison(ExpressionAst valueAst, string op, string property, ExpressionAst propertyAst, Ast whole, IScriptExtent opExtent)
        {
            object? value = Evaluate(valueAst);
            string flipped;
            switch (op)
            {
                case "eq": case "ne": flipped = op; break;
                case "gt": flipped = "lt"; break;
                case "ge": flipped = "le"; break;
                case "lt": flipped = "gt"; break;
                case "le": flipped = "ge"; break;
                case "contains": flipped = "in"; break;       // (1, 2) -contains $_.x   → x in (1, 2)
                case "notcontains": flipped = "notin"; break;
                case "in": flipped = "contains"; break;       // 'a' -in $_.tags         → tags containsAny ['a']
                case "notin": flipped = "notcontains"; break;
                default:
                    throw Refuse(whole, $"-{op} with the property on the right", $"put the property on the left: {propertyAst.Extent.Text} -{op} {valueAst.Extent.Text}.", opExtent);
            }
            return Leaf(property, flipped, value, valueAst, whole.Extent, propertyAst.Extent.Text, opExtent);
        }

        private FilterNode Leaf(string propertyName, string op, object? value, Ast valueAst, IScriptExtent whole, string propertyText, IScriptExtent opExtent)
        {
            object property = ResolveProperty(propertyName, whole);
            value = Unwrap(value);
            bool isList = value is IList && !(value is string);
            switch (op)
            {
                case "eq":
                case "ne":
                {
                    FilterNode leaf;
                    if (value == null)
                    {
                        // -eq $null: the property is missing; -ne $null: it exists.
                        leaf = Build(() => FilterNode.Exists(property), whole);
                        return op == "eq" ? Not(leaf, whole) : leaf;
                    }
                    if (isList)
                        throw Refuse(valueAst, "a list compared with -" + op, $"use -in for one of several values: {propertyText} -in {valueAst.Extent.Text}.");
                    leaf = Build(() => FilterNode.Equals(property, value), whole);
                    return op == "eq" ? leaf : Not(leaf, whole);
                }
                case "gt":
                case "ge":
                case "lt":
                case "le":
                {
                    if (value == null) throw Refuse(valueAst, "$null as a range bound", "compare with a number or a date.");
                    if (isList) throw Refuse(valueAst, "a list as a range bound", "compare with one number or date.");
                    string bound = op == "ge" ? "gte" : op == "le" ? "lte" : op;
                    return Build(() => FilterNode.Range(property, new[] { new KeyValuePair<string, object?>(bound, value) }), whole);
                }
                case "in":
                case "notin":
                {
                    if (value == null) throw Refuse(valueAst, "$null as the list of -" + op, "give the values: temperature -in 1, 2, 3.");
                    var leaf = Build(() => FilterNode.In(property, isList ? value : new[] { value }), whole);
                    return op == "in" ? leaf : Not(leaf, whole);
                }
                case "contains":
                case "notcontains":
                {
                    if (value == null) throw Refuse(valueAst, "$null with -" + op, "give one value: tags -contains 'a'.");
                    // tags -contains 'a' holds that one value; tags -contains 'a', 'b' holds every one of them.
                    var leaf = isList
                        ? Build(() => FilterNode.ContainsAll(property, value), whole)
                        : Build(() => FilterNode.ContainsAny(property, new[] { value }), whole);
                    return op == "contains" ? leaf : Not(leaf, whole);
                }
                case "like":
                case "notlike":
                {
                    if (!(value is string pattern))
                        throw Refuse(valueAst, $"-{op} with {(value == null ? "$null" : "a " + value.GetType().Name)}", "give a string such as 'abc*'.");
                    string body = pattern.EndsWith("*", StringComparison.Ordinal) ? pattern.Substring(0, pattern.Length - 1) : pattern;
                    if (body.IndexOfAny(new[] { '*', '?', '[', ']', '`' }) >= 0)
                        throw Refuse(valueAst, $"-{op} with a wildcard that is not one trailing *", "the filter language has prefix matching only: -like 'abc*'.");
                    FilterNode leaf;
                    if (pattern.EndsWith("*", StringComparison.Ordinal))
                    {
                        if (body.Length == 0) throw Refuse(valueAst, $"-{op} '*'", $"to test that a property is there, write {propertyText} -ne $null.");
                        leaf = Build(() => FilterNode.Prefix(property, body), whole);
                    }
                    else
                    {
                        leaf = Build(() => FilterNode.Equals(property, body), whole);
                    }
                    return op == "like" ? leaf : Not(leaf, whole);
                }
                default:
                    throw RefuseOperator(op, opExtent);
            }
        }

        private object ResolveProperty(string name, IScriptExtent at)
        {
            if (name.IndexOf('/') >= 0) return name; // 'space/container/prop': the engine checks its shape
            string? field = PropertyReference.TopLevelFields.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
            if (field != null) return field;
            if (_container == null)
                throw Refuse(at, $"the bare property name '{name}' without -Container",
                    $"add -Container 'space/container' to say where '{name}' lives, or write 'space/container/{name}' in quotes.");
            return new[] { _containerSpace!, _container, name };
        }

        private static FilterNode Build(Func<FilterNode> make, IScriptExtent at)
        {
            try
            {
                return make();
            }
            catch (FilterValidationException e)
            {
                throw new FilterExpressionException($"The filter expression at {Where(at)} ('{Clip(at.Text)}') makes an invalid filter. {e.Message}", at);
            }
        }

        private static FilterNode Build(Func<FilterNode> make, Ast at) => Build(make, at.Extent);

        private static FilterNode Not(FilterNode child, IScriptExtent at) => Build(() => FilterNode.Not(child), at);

        private static FilterNode Not(FilterNode child, Ast at) => Not(child, at.Extent);

        private static FilterNode Combine(string op, FilterNode left, FilterNode right, Ast at)
        {
            // a -and b -and c is one 'and' of three, not two nested ones: fewer levels against the depth limit.
            var children = new List<FilterNode>();
            foreach (var side in new[] { left, right })
            {
                if (side.Operator == op) children.AddRange(side.Children);
                else children.Add(side);
            }
            children = Fold(op, children, at);
            return children.Count == 1 ? children[0] : Build(() => op == "and" ? FilterNode.And(children) : FilterNode.Or(children), at);
        }

        /// <summary>
        /// Folds conditions on one property into one filter, where that means exactly the same:
        /// under -and, x -ge 1 -and x -lt 5 is one range and tags -contains a -and tags -contains b is one
        /// containsAll; under -or, tags -contains a -or tags -contains b is one containsAny.
        /// </summary>
        private static List<FilterNode> Fold(string op, List<FilterNode> children, Ast at)
        {
            var result = new List<FilterNode>();
            foreach (var child in children)
            {
                if (!(child is PropertyFilter leaf)) { result.Add(child); continue; }
                int index = result.FindIndex(r => r is PropertyFilter other && other.Property.Equals(leaf.Property) && CanFold(op, other, leaf));
                if (index < 0) { result.Add(child); continue; }
                result[index] = FoldPair(op, (PropertyFilter)result[index], leaf, at);
            }
            return result;
        }

        private static bool IsContainsOne(PropertyFilter f) => f.Operator == "containsAny" && f.Values!.Count == 1;

        private static bool CanFold(string op, PropertyFilter a, PropertyFilter b)
        {
            if (op == "and" && a.Operator == "range" && b.Operator == "range")
            {
                bool aLower = a.Gt != null || a.Gte != null, aUpper = a.Lt != null || a.Lte != null;
                bool bLower = b.Gt != null || b.Gte != null, bUpper = b.Lt != null || b.Lte != null;
                return !(aLower && bLower) && !(aUpper && bUpper);
            }
            bool contains = op == "and"
                ? (IsContainsOne(a) || a.Operator == "containsAll") && (IsContainsOne(b) || b.Operator == "containsAll")
                : a.Operator == "containsAny" && b.Operator == "containsAny";
            return contains && a.Values!.Count + b.Values!.Count <= FilterLimits.MaxValues;
        }

        private static FilterNode FoldPair(string op, PropertyFilter a, PropertyFilter b, Ast at)
        {
            object Json(FilterValue v) => v.ToFilterData();
            var property = a.Property.Path.ToArray();
            if (a.Operator == "range")
            {
                var bounds = new List<KeyValuePair<string, object?>>();
                foreach (var f in new[] { a, b })
                {
                    if (f.Gt != null) bounds.Add(new KeyValuePair<string, object?>("gt", Json(f.Gt)));
                    if (f.Gte != null) bounds.Add(new KeyValuePair<string, object?>("gte", Json(f.Gte)));
                    if (f.Lt != null) bounds.Add(new KeyValuePair<string, object?>("lt", Json(f.Lt)));
                    if (f.Lte != null) bounds.Add(new KeyValuePair<string, object?>("lte", Json(f.Lte)));
                }
                return Build(() => FilterNode.Range(property, bounds), at);
            }
            var values = a.Values!.Concat(b.Values!).Select(Json).ToArray();
            return Build(() => op == "and" ? FilterNode.ContainsAll(property, values) : FilterNode.ContainsAny(property, values), at);
        }

        private static string? OperatorName(TokenKind kind) => kind switch
        {
            TokenKind.Ieq or TokenKind.Ceq => "eq",
            TokenKind.Ine or TokenKind.Cne => "ne",
            TokenKind.Igt or TokenKind.Cgt => "gt",
            TokenKind.Ige or TokenKind.Cge => "ge",
            TokenKind.Ilt or TokenKind.Clt => "lt",
            TokenKind.Ile or TokenKind.Cle => "le",
            TokenKind.Iin or TokenKind.Cin => "in",
            TokenKind.Inotin or TokenKind.Cnotin => "notin",
            TokenKind.Icontains or TokenKind.Ccontains => "contains",
            TokenKind.Inotcontains or TokenKind.Cnotcontains => "notcontains",
            TokenKind.Ilike or TokenKind.Clike => "like",
            TokenKind.Inotlike or TokenKind.Cnotlike => "notlike",
            _ => null,
        };

        /// <summary>A command-form operator name (ge, ige, cge, and, not, ...) in canonical form.</summary>
        internal static string CanonicalOperator(string name)
        {
            string n = name.ToLowerInvariant();
            string[] known = { "eq", "ne", "gt", "ge", "lt", "le", "in", "notin", "contains", "notcontains", "like", "notlike", "match", "notmatch", "and", "or", "xor", "not" };
            if (Array.IndexOf(known, n) >= 0) return n;
            if (n.Length > 1 && (n[0] == 'i' || n[0] == 'c') && Array.IndexOf(known, n.Substring(1)) >= 0 && n.Substring(1) != "and" && n.Substring(1) != "or" && n.Substring(1) != "not")
                return n.Substring(1);
            return n;
        }

        // ---- properties and values ----

        private static string? PropertyName(ExpressionAst ast, bool leftSide)
        {
            switch (ast)
            {
                case MemberExpressionAst member when !member.Static && !(member is InvokeMemberExpressionAst)
                                                     && member.Expression is VariableExpressionAst v
                                                     && (v.VariablePath.UserPath == "_" || string.Equals(v.VariablePath.UserPath, "PSItem", StringComparison.OrdinalIgnoreCase)):
                    return member.Member is StringConstantExpressionAst name ? name.Value : null;
                case StringConstantExpressionAst text when leftSide:
                    return text.Value;
                default:
                    return null;
            }
        }

        /// <summary>Evaluates a value without running code: constants, variables, casts, arrays, hashtables.</summary>
        internal object? Evaluate(ExpressionAst ast)
        {
            switch (ast)
            {
                case StringConstantExpressionAst text when text.StringConstantType == StringConstantType.BareWord:
                    // In the command form '-5' and '1e3' arrive as bare words: numbers, as PowerShell would bind them.
                    if (LanguagePrimitives.TryConvertTo(text.Value, CultureInfo.InvariantCulture, out double _) && IsNumberText(text.Value))
                        return ParseNumber(text.Value);
                    if (text.Extent.Text.StartsWith("[", StringComparison.Ordinal))
                        return ReparsedCast(text);
                    throw Refuse(ast, $"the bare word '{text.Value}' as a value", $"quote the string: '{text.Value}'. A filter cannot compare two properties.");
                case StringConstantExpressionAst text:
                    return text.Value;
                case ConstantExpressionAst constant:
                    return constant.Value;
                case ExpandableStringExpressionAst expandable:
                    if (_expandString != null && expandable.NestedExpressions.All(e => e is VariableExpressionAst v && !v.VariablePath.IsDriveQualified && v.VariablePath.UserPath != "_" && v.VariablePath.UserPath != "PSItem"))
                    {
                        foreach (VariableExpressionAst v in expandable.NestedExpressions) Evaluate(v); // undefined variables are refused, not expanded to ''
                        return _expandString(expandable.Value);
                    }
                    throw Refuse(ast, "a double-quoted string with expressions in it", "use single quotes, or build the string into a variable first.");
                case VariableExpressionAst variable:
                    return Variable(variable);
                case MemberExpressionAst member when !(member is InvokeMemberExpressionAst) && !member.Static && member.Member is StringConstantExpressionAst name && PropertyName(member, false) == null:
                {
                    // $settings.Threshold: a property of a caller's variable, read now.
                    object? target = Unwrap(Evaluate(member.Expression));
                    if (target == null) throw Refuse(member, "a property of $null", "check the variable.");
                    var property = PSObject.AsPSObject(target).Properties[name.Value];
                    if (property == null) throw Refuse(member, $"'{name.Value}', which {member.Expression.Extent.Text} does not have", "check the property name.");
                    return property.Value;
                }
                case MemberExpressionAst member when PropertyName(member, false) != null:
                    throw Refuse(ast, "a property where a value belongs", "a filter compares a property with a value, not with another property.");
                case ArrayLiteralAst array:
                    return array.Elements.Select(Evaluate).ToArray();
                case ArrayExpressionAst arrayExpression:
                {
                    var items = new List<object?>();
                    foreach (var statement in arrayExpression.SubExpression.Statements)
                    {
                        if (!(statement is PipelineAst p) || p.PipelineElements.Count != 1 || !(p.PipelineElements[0] is CommandExpressionAst ce))
                            throw Refuse(statement, "a command inside @()", "list values only: @(1, 2, 3).");
                        var v = Unwrap(Evaluate(ce.Expression));
                        if (v is IList list && !(v is string)) items.AddRange(list.Cast<object?>());
                        else items.Add(v);
                    }
                    return items.ToArray();
                }
                case ParenExpressionAst paren:
                {
                    if (paren.Pipeline is PipelineAst p && p.PipelineElements.Count == 1 && p.PipelineElements[0] is CommandExpressionAst ce)
                        return Evaluate(ce.Expression);
                    throw Refuse(ast, "a command in parentheses", "filters do not run commands; compute the value into a variable first.");
                }
                case ConvertExpressionAst convert:
                {
                    Type? type = convert.Type.TypeName.GetReflectionType();
                    if (type == null || !CastTypes.Contains(type))
                        throw Refuse(convert.Type, $"a cast to [{convert.Type.TypeName.FullName}]", "casts to [datetime], [datetimeoffset], [string], [bool] and number types are understood.");
                    object? inner = Unwrap(Evaluate(convert.Child));
                    try
                    {
                        return LanguagePrimitives.ConvertTo(inner, type, CultureInfo.InvariantCulture);
                    }
                    catch (Exception e) when (e is PSInvalidCastException || e is InvalidCastException || e is FormatException)
                    {
                        throw Refuse(ast, $"a value that is not a [{convert.Type.TypeName.Name}] ({e.Message})", "check the value.");
                    }
                }
                case HashtableAst hashtable:
                {
                    // An object value (a json property, a direct relation {space, externalId}).
                    var result = new Hashtable();
                    foreach (var pair in hashtable.KeyValuePairs)
                    {
                        var key = pair.Item1 is StringConstantExpressionAst k ? k.Value : Unwrap(Evaluate(pair.Item1));
                        if (!(pair.Item2 is PipelineAst p) || p.PipelineElements.Count != 1 || !(p.PipelineElements[0] is CommandExpressionAst ce))
                            throw Refuse(pair.Item2, "a command inside a hashtable", "use values only.");
                        result[Convert.ToString(key, CultureInfo.InvariantCulture) ?? ""] = Evaluate(ce.Expression);
                    }
                    return result;
                }
                case UnaryExpressionAst unary when unary.TokenKind == TokenKind.Minus && unary.Child is ConstantExpressionAst c && IsNumeric(c.Value):
                    return LanguagePrimitives.ConvertTo(-Convert.ToDecimal(c.Value, CultureInfo.InvariantCulture), c.Value.GetType(), CultureInfo.InvariantCulture);
                default:
                    throw RefuseValueAst(ast, "a value");
            }
        }

        /// <summary>
        /// In the command form, [datetime]'2024-01-01' arrives as one bare word; read its text again as an expression
        /// (still evaluated without running code), as the user meant it.
        /// </summary>
        private object? ReparsedCast(StringConstantExpressionAst word)
        {
            var ast = Parser.ParseInput(word.Extent.Text, out _, out ParseError[] errors);
            if (errors.Length == 0 && ast.EndBlock?.Statements.Count == 1 && ast.EndBlock.Statements[0] is PipelineAst p
                && p.PipelineElements.Count == 1 && p.PipelineElements[0] is CommandExpressionAst ce)
            {
                try
                {
                    return Evaluate(ce.Expression);
                }
                catch (FilterExpressionException e)
                {
                    throw new FilterExpressionException(e.Message.Replace(Where(e.Extent), Where(word.Extent)), word.Extent);
                }
            }
            throw Refuse(word, $"the bare word '{word.Value}' as a value", $"wrap a cast in parentheses: ({word.Extent.Text}).");
        }

        private object? Variable(VariableExpressionAst variable)
        {
            var path = variable.VariablePath;
            string name = path.UserPath;
            if (string.Equals(name, "null", StringComparison.OrdinalIgnoreCase)) return null;
            if (string.Equals(name, "true", StringComparison.OrdinalIgnoreCase)) return true;
            if (string.Equals(name, "false", StringComparison.OrdinalIgnoreCase)) return false;
            if (name == "_" || string.Equals(name, "PSItem", StringComparison.OrdinalIgnoreCase))
                throw Refuse(variable, "$_ alone", "name a property of the record: $_.temperature.");
            if (variable.Splatted) throw Refuse(variable, "a splatted variable", "use $name.");
            if (path.IsDriveQualified)
            {
                if (string.Equals(path.DriveName, "env", StringComparison.OrdinalIgnoreCase))
                {
                    string itemName = name.Substring(name.IndexOf(':') + 1);
                    return Environment.GetEnvironmentVariable(itemName)
                           ?? throw Refuse(variable, $"the environment variable '{itemName}', which is not set", "set it, or use a value.");
                }
                throw Refuse(variable, $"the drive variable '{name}'", "read it into a variable first.");
            }
            if (!_variables(name, out var value))
                throw Refuse(variable, $"the variable ${name}, which is not defined in the caller's scope", $"define ${name} before building the filter.");
            return value;
        }

        private static object? Unwrap(object? value)
        {
            if (value is PSObject ps && !(ps.BaseObject is PSCustomObject)) value = ps.BaseObject;
            if (value is IList list && !(value is string) && !(value is Array))
                return list.Cast<object?>().Select(Unwrap).ToArray();
            if (value is object?[] array && array.Any(i => i is PSObject)) return array.Select(Unwrap).ToArray();
            return value;
        }

        private static bool IsPlainValue(ExpressionAst ast) =>
            ast is ConstantExpressionAst || ast is VariableExpressionAst || ast is ArrayLiteralAst || ast is ConvertExpressionAst || ast is ExpandableStringExpressionAst;

        private static bool IsNumeric(object? v) => v is int || v is long || v is double || v is decimal || v is float || v is short || v is byte;

        private static bool IsNumberText(string s)
        {
            if (s.Length == 0) return false;
            char c = s[0] == '-' || s[0] == '+' ? (s.Length > 1 ? s[1] : 'x') : s[0];
            return char.IsDigit(c) || c == '.';
        }

        private static object ParseNumber(string s)
        {
            if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l))
                return l >= int.MinValue && l <= int.MaxValue ? (object)(int)l : l;
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal m)) return m;
            return double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        // ---- refusals ----

        private static string Where(IScriptExtent e) => $"line {e.StartLineNumber}, column {e.StartColumnNumber}";

        private static string Clip(string text) => text.Length > 80 ? text.Substring(0, 77) + "..." : text;

        private static FilterExpressionException Refuse(Ast ast, string what, string hint, IScriptExtent? extent = null) => Refuse(extent ?? ast.Extent, what, hint);

        private static FilterExpressionException Refuse(IScriptExtent e, string what, string hint) =>
            new FilterExpressionException($"The filter expression has no filter equivalent at {Where(e)} ('{Clip(e.Text)}'): {what}. Hint: {hint}", e);

        private static FilterExpressionException RefuseOperator(Ast ast, string op, IScriptExtent extent) => RefuseOperator(op, extent);

        private static FilterExpressionException RefuseOperator(string op, IScriptExtent extent)
        {
            op = op.TrimStart('-').ToLowerInvariant();
            string canonical = CanonicalOperator(op);
            string hint = canonical switch
            {
                "match" or "notmatch" => "regular expressions have no filter equivalent; for a prefix use -like 'abc*'.",
                "xor" => "write it with -and, -or and -not.",
                "plus" or "minus" or "multiply" or "divide" or "rem" => "arithmetic has no filter equivalent; compute the value into a variable first.",
                "is" or "isnot" or "as" => "type tests have no filter equivalent; compare with a value.",
                "replace" or "split" or "join" or "format" => "string operations have no filter equivalent; compute the value into a variable first.",
                _ => "use -eq, -ne, -gt, -ge, -lt, -le, -in, -notin, -contains, -notcontains, -like 'abc*', -and, -or, -not.",
            };
            return Refuse(extent, $"the operator -{op}", hint);
        }

        private static FilterExpressionException RefuseValueAst(ExpressionAst ast, string role)
        {
            switch (ast)
            {
                case InvokeMemberExpressionAst _:
                    return Refuse(ast, "a method call", "compute the value into a variable before building the filter, and compare with the variable.");
                case BinaryExpressionAst b when b.Operator == TokenKind.Plus || b.Operator == TokenKind.Minus || b.Operator == TokenKind.Multiply
                                                || b.Operator == TokenKind.Divide || b.Operator == TokenKind.Rem:
                    return Refuse(ast, "arithmetic", "compute the value into a variable first ($limit = 20 * 2), then compare with $limit.");
                case BinaryExpressionAst b:
                    return RefuseOperator(b, b.Operator.ToString(), b.ErrorPosition);
                case SubExpressionAst _:
                    return Refuse(ast, "a subexpression $( )", "filters do not run code; compute the value into a variable first.");
                case ScriptBlockExpressionAst _:
                    return Refuse(ast, "a script block", "write the condition directly.");
                case IndexExpressionAst _:
                    return Refuse(ast, "indexing", "read the item into a variable first ($first = $list[0]).");
                case MemberExpressionAst m when m.Static:
                    return Refuse(ast, "a static member", "read it into a variable first.");
                case UnaryExpressionAst u:
                    return Refuse(ast, $"the unary operator {u.TokenKind}", "only -not and ! apply to conditions.");
                default:
                    return Refuse(ast, $"{Describe(ast)} where {role} belongs", "write comparisons such as temperature -ge 20, combined with -and, -or, -not.");
            }
        }

        private static string Describe(Ast ast) => ast.GetType().Name.Replace("ExpressionAst", " expression").Replace("StatementAst", " statement").Replace("Ast", "").ToLowerInvariant();

        // ---- the command form ----

        /// <summary>
        /// Reads 'temperature -ge 20 -and tags -contains a' (a command 'temperature' with arguments) as the
        /// expression it means. Operands are the arguments; operators are the '-name' parameters.
        /// </summary>
        private sealed class CommandForm
        {
            private readonly FilterExpressionTranslator _owner;
            private readonly Ast _command;
            private readonly List<(string? Op, Ast? OpAst, ExpressionAst? Operand)> _tokens = new List<(string?, Ast?, ExpressionAst?)>();
            private int _pos;

            public CommandForm(FilterExpressionTranslator owner, IReadOnlyList<PipelineBaseAst> statements)
            {
                _owner = owner;
                _command = statements[0];
                foreach (var statement in statements)
                {
                    var element = ((PipelineAst)statement).PipelineElements[0];
                    if (element is CommandExpressionAst expression)
                    {
                        _tokens.Add((null, null, expression.Expression));
                        continue;
                    }
                    var command = (CommandAst)element;
                    if (command.InvocationOperator != TokenKind.Unknown)
                        throw Refuse(command, "a command invocation (& or .)", "write a condition such as temperature -ge 20.");
                    AddElements(command);
                }
            }

            private void AddElements(CommandAst command)
            {
                foreach (var element in command.CommandElements)
                {
                    switch (element)
                    {
                        case CommandParameterAst parameter:
                            _tokens.Add((CanonicalOperator(parameter.ParameterName), parameter, null));
                            if (parameter.Argument != null) _tokens.Add((null, null, parameter.Argument));
                            break;
                        case StringConstantExpressionAst bang when bang.StringConstantType == StringConstantType.BareWord && bang.Value == "!":
                            _tokens.Add(("not", bang, null)); // '!(x -eq 1)' arrives as the bare word '!' then a paren
                            break;
                        case ExpressionAst expression:
                            _tokens.Add((null, null, expression));
                            break;
                        default:
                            throw Refuse(element, Describe(element), "write a condition such as temperature -ge 20.");
                    }
                }
            }

            public FilterNode Parse()
            {
                var result = ParseOr();
                if (_pos < _tokens.Count)
                {
                    var t = _tokens[_pos];
                    if (t.OpAst != null) throw Refuse(t.OpAst, $"-{t.Op} here", "join conditions with -and or -or.");
                    if (t.Operand is StringConstantExpressionAst w && w.StringConstantType == StringConstantType.BareWord && "+-*/%".Contains(w.Value) && w.Value.Length == 1)
                    {
                        var end = _pos + 1 < _tokens.Count && _tokens[_pos + 1].Operand != null ? _tokens[_pos + 1].Operand!.Extent : w.Extent;
                        throw Refuse(new SpanExtent(_tokens[_pos - 1].Operand?.Extent ?? w.Extent, end), "arithmetic", "compute the value into a variable first ($limit = 20 * 2), then compare with $limit.");
                    }
                    throw Refuse(t.Operand!, "a value with no operator before it", "join conditions with -and or -or; quote strings that hold spaces or commas.");
                }
                return result;
            }

            // -and and -or: equal precedence, left to right, as in PowerShell.
            private FilterNode ParseOr()
            {
                var left = ParseNot();
                while (_pos < _tokens.Count && (_tokens[_pos].Op == "and" || _tokens[_pos].Op == "or" || _tokens[_pos].Op == "xor"))
                {
                    var opToken = _tokens[_pos++];
                    if (opToken.Op == "xor") throw RefuseOperator(opToken.OpAst!, "xor", opToken.OpAst!.Extent);
                    if (_pos >= _tokens.Count) throw Refuse(opToken.OpAst!, $"-{opToken.Op} with nothing after it", "add a condition after it.");
                    var right = ParseNot();
                    left = Combine(opToken.Op!, left, right, _command);
                }
                return left;
            }

            private FilterNode ParseNot()
            {
                if (_pos < _tokens.Count && _tokens[_pos].Op == "not")
                {
                    var notToken = _tokens[_pos++];
                    if (_pos >= _tokens.Count) throw Refuse(notToken.OpAst!, "-not with nothing after it", "add a condition after it.");
                    return Not(ParseNot(), notToken.OpAst!);
                }
                return ParseComparison();
            }

            private FilterNode ParseComparison()
            {
                var first = _tokens[_pos];
                if (first.OpAst != null)
                    throw Refuse(first.OpAst, $"-{first.Op} where a property belongs", "start each condition with a property: temperature -ge 20.");
                _pos++;
                var operand = first.Operand!;
                bool followedByComparison = _pos < _tokens.Count && _tokens[_pos].Op != null && _tokens[_pos].Op != "and" && _tokens[_pos].Op != "or" && _tokens[_pos].Op != "xor";
                if (!followedByComparison)
                {
                    // A condition on its own: (x -eq 1), -not (...), or !(...)
                    if (operand is ParenExpressionAst || operand is UnaryExpressionAst) return _owner.TranslateFilter(operand);
                    throw Refuse(operand, "a property with no comparison", $"compare it: {operand.Extent.Text} -eq $true, or {operand.Extent.Text} -ne $null.");
                }
                var opToken = _tokens[_pos++];
                string op = opToken.Op!;
                if (op == "not") throw Refuse(opToken.OpAst!, "-not after a property", "put -not before the condition: -not (tags -contains 'a').");
                if (_pos >= _tokens.Count || _tokens[_pos].Operand == null)
                    throw Refuse(opToken.OpAst!, $"-{op} with no value after it", $"give a value: {operand.Extent.Text} -{op} 20.");
                var valueAst = _tokens[_pos++].Operand!;
                var whole = new SpanExtent(operand.Extent, valueAst.Extent);
                if (!IsComparisonOperator(op)) throw RefuseOperator(op, opToken.OpAst!.Extent);
                string? property = PropertyName(operand, leftSide: true);
                if (property == null && !IsPlainValue(operand)) throw RefuseValueAst(operand, "a property");
                if (property == null)
                    throw Refuse(operand, $"{Describe(operand)} where a property belongs", "start each condition with a property: temperature -ge 20, 'space/container/prop' -eq 1 or $_.temperature -ge 20.");
                return _owner.Leaf(property, op, _owner.Evaluate(valueAst), valueAst, whole, operand.Extent.Text, opToken.OpAst!.Extent);
            }

            private static bool IsComparisonOperator(string op) =>
                op is "eq" or "ne" or "gt" or "ge" or "lt" or "le" or "in" or "notin" or "contains" or "notcontains" or "like" or "notlike";
        }

        /// <summary>An extent over 'property -op value' in the command form, so errors show the whole comparison.</summary>
        private sealed class SpanExtent : IScriptExtent
        {
            private readonly IScriptExtent _start;
            private readonly IScriptExtent _end;

            public SpanExtent(IScriptExtent start, IScriptExtent end)
            {
                _start = start;
                _end = end;
                string? full = null;
                try { full = start.StartScriptPosition.GetFullScript(); } catch (NotImplementedException) { }
                Text = full != null && end.EndOffset <= full.Length && start.StartOffset <= end.EndOffset
                    ? full.Substring(start.StartOffset, end.EndOffset - start.StartOffset)
                    : start.Text + " ... " + end.Text;
            }

            public string File => _start.File;
            public IScriptPosition StartScriptPosition => _start.StartScriptPosition;
            public IScriptPosition EndScriptPosition => _end.EndScriptPosition;
            public int StartLineNumber => _start.StartLineNumber;
            public int StartColumnNumber => _start.StartColumnNumber;
            public int EndLineNumber => _end.EndLineNumber;
            public int EndColumnNumber => _end.EndColumnNumber;
            public string Text { get; }
            public int StartOffset => _start.StartOffset;
            public int EndOffset => _end.EndOffset;
        }
    }
}
