namespace AuditKit.Interop;

/// <summary>Chooses the OCSF class and activity of an event from its action, then its category.</summary>
internal static class OcsfClassifier
{
    private const string Iam = "Identity & Access Management";
    private const string Application = "Application Activity";

    public static OcsfClass Classify(AuditEvent e) => e.Action switch
    {
        AuditActions.Login or AuditActions.LoginFailed => Authentication(1, "Logon"),
        AuditActions.Logout => Authentication(2, "Logoff"),
        AuditActions.PasswordChanged => AccountChange(3, "Password Change"),
        AuditActions.PasswordReset => AccountChange(4, "Password Reset"),
        AuditActions.AccountLocked => AccountChange(9, "Lock"),
        AuditActions.TwoFactorEnabled => AccountChange(10, "MFA Factor Enable"),
        AuditActions.ProfileUpdated or AuditActions.ApiKeyCreated => AccountChange(99, "Other"),
        AuditActions.RoleGranted or AuditActions.PermissionChanged => UserAccess(1, "Assign Privileges"),
        AuditActions.PermissionRequested => UserAccess(99, "Other"),
        _ when e.Category == AuditCategory.ApiRequest => new OcsfClass(6003, "API Activity", 6, Application, CrudActivity(e.Action, 99), CrudName(e.Action)),
        _ when e.Category is AuditCategory.RecordChange or AuditCategory.DataAccess && CrudActivity(e.Action, 0) != 0 =>
            new OcsfClass(3004, "Entity Management", 3, Iam, CrudActivity(e.Action, 99), CrudName(e.Action)),
        _ when e.Category == AuditCategory.RecordChange => new OcsfClass(3004, "Entity Management", 3, Iam, 99, "Other"),
        _ => new OcsfClass(0, "Base Event", 0, "Uncategorized", 99, "Other"),
    };

    private static OcsfClass Authentication(int activity, string name) => new(3002, "Authentication", 3, Iam, activity, name);

    private static OcsfClass AccountChange(int activity, string name) => new(3001, "Account Change", 3, Iam, activity, name);

    private static OcsfClass UserAccess(int activity, string name) => new(3005, "User Access Management", 3, Iam, activity, name);

    private static int CrudActivity(string action, int otherwise) => action switch
    {
        AuditActions.Create => 1,
        AuditActions.View => 2,
        AuditActions.Update => 3,
        AuditActions.Delete => 4,
        _ => otherwise,
    };

    private static string CrudName(string action) => action switch
    {
        AuditActions.Create => "Create",
        AuditActions.View => "Read",
        AuditActions.Update => "Update",
        AuditActions.Delete => "Delete",
        _ => "Other",
    };
}
