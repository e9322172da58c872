using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using System.Reflection.Emit;
using System.Threading;

namespace CogniteRecords.Internal
{
    /// <summary>
    /// Makes (once per process and column set) a class deriving from <see cref="SyncRecord"/> (Sync-CdfRecord) or
    /// <see cref="Record"/> (Get-CdfRecord, whose records carry no Status) with one public property per column, typed
    /// by the column's container property type. A PSObject with note properties costs about a microsecond per property
    /// to build; a class costs one allocation, and PowerShell caches its property getters per type, which is what makes a sync of 100,000 records
    /// a matter of seconds.
    /// </summary>
    internal static class RecordTypeBuilder
    {
        private static readonly ConcurrentDictionary<string, Func<Record>> s_factories = new ConcurrentDictionary<string, Func<Record>>();
        private static readonly object s_gate = new object();
        private static ModuleBuilder? s_module;
        private static int s_counter;

        /// <summary>A factory of records with these column names (after the record fields), each property of its type.</summary>
        /// <param name="columns">The column names, after the record fields.</param>
        /// <param name="types">Per column, the property's type: <c>Nullable&lt;T&gt;</c> for a value type (the value is
        /// unboxed), a reference type (cast), or <see cref="object"/>. The values underneath stay in one object array; the
        /// caller makes sure each value is of its property's type (or null), see <see cref="RecordBuilder"/>.</param>
        /// <param name="timestampsAsText">Sync-CdfRecord -TimestampFormat Iso8601: the properties give timestamps and dates as
        /// ISO 8601 text (the fields underneath keep their types).</param>
        /// <param name="withStatus">Sync-CdfRecord: a <see cref="SyncRecord"/> with Status after ExternalId; else (Get-CdfRecord)
        /// a <see cref="Record"/> without.</param>
        public static Func<Record> FactoryFor(IReadOnlyList<string> columns, IReadOnlyList<Type> types, bool timestampsAsText = false, bool withStatus = true)
        {
            var key = (timestampsAsText ? "iso\u0001" : "") + (withStatus ? "" : "get\u0001") + string.Join("\u0000", columns) +
                "\u0002" + string.Join("\u0000", types.Select(t => t.FullName));
            return s_factories.GetOrAdd(key, _ => Build(columns, types, timestampsAsText, withStatus));
        }

        private static Func<Record> Build(IReadOnlyList<string> columns, IReadOnlyList<Type> types, bool timestampsAsText, bool withStatus)
        {
            Type type;
            lock (s_gate)
            {
                s_module ??= AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CogniteRecords.SyncRecords"), AssemblyBuilderAccess.Run)
                    .DefineDynamicModule("CogniteRecords.SyncRecords");
                var n = Interlocked.Increment(ref s_counter);
                var baseType = withStatus ? typeof(SyncRecord) : typeof(Record);
                var tb = s_module.DefineType((withStatus ? "CogniteRecords.SyncRecords.SyncRecord" : "CogniteRecords.Records.Record") + n,
                    TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, baseType);
                tb.DefineDefaultConstructor(MethodAttributes.Public);

                FieldInfo Field(string name) => (name == "_status" ? typeof(SyncRecord) : typeof(Record)).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)!;
                AddFieldProperty(tb, "Space", Field("_space"));
                AddFieldProperty(tb, "ExternalId", Field("_externalId"));
                if (withStatus) AddFieldProperty(tb, "Status", Field("_status"));
                if (timestampsAsText)
                {
                    AddTextTimestampProperty(tb, "CreatedTime", Field("_createdTime"));
                    AddTextTimestampProperty(tb, "LastUpdatedTime", Field("_lastUpdatedTime"));
                }
                else
                {
                    AddFieldProperty(tb, "CreatedTime", Field("_createdTime"));
                    AddFieldProperty(tb, "LastUpdatedTime", Field("_lastUpdatedTime"));
                }
                var values = Field("_values");
                var isoValue = timestampsAsText ? Helper("IsoValue") : null;
                for (var i = 0; i < columns.Count; i++) AddValueProperty(tb, columns[i], types[i], values, i, isoValue);
                type = tb.CreateTypeInfo()!.AsType();
            }
            return Expression.Lambda<Func<Record>>(Expression.New(type)).Compile();
        }

        private const MethodAttributes Accessor = MethodAttributes.Public | MethodAttributes.SpecialName | MethodAttributes.HideBySig;

        private static void AddFieldProperty(TypeBuilder tb, string name, FieldInfo field)
        {
            var prop = tb.DefineProperty(name, PropertyAttributes.None, field.FieldType, null);
            var get = tb.DefineMethod("get_" + name, Accessor, field.FieldType, Type.EmptyTypes);
            var il = get.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Ret);
            prop.SetGetMethod(get);
            var set = tb.DefineMethod("set_" + name, Accessor, null, new[] { field.FieldType });
            il = set.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stfld, field);
            il.Emit(OpCodes.Ret);
            prop.SetSetMethod(set);
        }

        private static MethodInfo Helper(string name) => typeof(Record).GetMethod(name, BindingFlags.Static | BindingFlags.NonPublic)!;

        /// <summary>A timestamp field shown as ISO 8601 text; set from text or a date/time object.</summary>
        private static void AddTextTimestampProperty(TypeBuilder tb, string name, FieldInfo field)
        {
            var prop = tb.DefineProperty(name, PropertyAttributes.None, typeof(object), null);
            var get = tb.DefineMethod("get_" + name, Accessor, typeof(object), Type.EmptyTypes);
            var il = get.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, field);
            il.Emit(OpCodes.Call, Helper("IsoTimestamp"));
            il.Emit(OpCodes.Ret);
            prop.SetGetMethod(get);
            var set = tb.DefineMethod("set_" + name, Accessor, null, new[] { typeof(object) });
            il = set.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Call, Helper("ParseTimestamp"));
            il.Emit(OpCodes.Stfld, field);
            il.Emit(OpCodes.Ret);
            prop.SetSetMethod(set);
        }

        /// <summary>
        /// A column: its getter reads the value from the object array (through <paramref name="convert"/> when given) and
        /// unboxes it to <paramref name="type"/> (a <c>Nullable&lt;T&gt;</c>) or casts it (a reference type); its setter boxes
        /// and stores. The value is stored as it is, so Export-CdfRecord, which reads the array, sees what the getter gives.
        /// </summary>
        private static void AddValueProperty(TypeBuilder tb, string name, Type type, FieldInfo values, int index, MethodInfo? convert)
        {
            var prop = tb.DefineProperty(name, PropertyAttributes.None, type, null);
            var get = tb.DefineMethod("get_" + name, Accessor, type, Type.EmptyTypes);
            var il = get.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, values);
            il.Emit(OpCodes.Ldc_I4, index);
            il.Emit(OpCodes.Ldelem_Ref);
            if (convert != null) il.Emit(OpCodes.Call, convert);
            if (type.IsValueType) il.Emit(OpCodes.Unbox_Any, type);
            else if (type != typeof(object)) il.Emit(OpCodes.Castclass, type);
            il.Emit(OpCodes.Ret);
            prop.SetGetMethod(get);
            var set = tb.DefineMethod("set_" + name, Accessor, null, new[] { type });
            il = set.GetILGenerator();
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldfld, values);
            il.Emit(OpCodes.Ldc_I4, index);
            il.Emit(OpCodes.Ldarg_1);
            if (type.IsValueType) il.Emit(OpCodes.Box, type);
            il.Emit(OpCodes.Stelem_Ref);
            il.Emit(OpCodes.Ret);
            prop.SetSetMethod(set);
        }
    }
}
