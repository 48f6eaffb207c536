namespace AuditKit.Interop;

/// <summary>The OCSF class and activity an event maps to (see docs/interop.md for the table).</summary>
/// <param name="ClassUid">OCSF <c>class_uid</c>: 3002 Authentication, 3001 Account Change, 3005 User Access Management, 3004 Entity Management, 6003 API Activity, 0 Base Event.</param>
/// <param name="ClassName">OCSF <c>class_name</c>.</param>
/// <param name="CategoryUid">OCSF <c>category_uid</c>: 3 Identity &amp; Access Management, 6 Application Activity, 0 Uncategorized.</param>
/// <param name="CategoryName">OCSF <c>category_name</c>.</param>
/// <param name="ActivityId">OCSF <c>activity_id</c> within the class (99 Other).</param>
/// <param name="ActivityName">OCSF <c>activity_name</c>.</param>
public readonly record struct OcsfClass(int ClassUid, string ClassName, int CategoryUid, string CategoryName, int ActivityId, string ActivityName)
{
    /// <summary>OCSF <c>type_uid</c>: <c>class_uid * 100 + activity_id</c>.</summary>
    public long TypeUid => (ClassUid * 100L) + ActivityId;

    /// <summary>OCSF <c>type_name</c>: "class: activity".</summary>
    public string TypeName => $"{ClassName}: {ActivityName}";
}
