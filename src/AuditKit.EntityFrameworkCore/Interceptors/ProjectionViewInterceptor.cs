using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Metadata;

namespace AuditKit;

/// <summary>
/// Projections (<c>db.Customers.Select(c => c.CreditLimit)</c>) read an entity type's rows without materializing
/// entities, so <see cref="ViewAuditInterceptor"/> never sees them. When such a query is compiled, this tags each
/// <c>Select</c> over an entity type with a <see cref="ProjectionTag"/> (the entity type, the key's column alias when the
/// final projection includes the key, the fields read); <see cref="CommandAuditInterceptor"/> records the view when the
/// tagged command's reader closes, if views of that type are logged at that moment.
/// </summary>
internal sealed class ProjectionViewInterceptor : IQueryExpressionInterceptor
{
    private static readonly MethodInfo TagWith = typeof(EntityFrameworkQueryableExtensions).GetMethod(nameof(EntityFrameworkQueryableExtensions.TagWith))!;

    public Expression QueryCompilationStarting(Expression queryExpression, QueryExpressionEventData eventData)
    {
        if (eventData.Context is not { } context)
        {
            return queryExpression;
        }

        // Only the query's own chain (source after source from the root) reaches the reader: a Select inside a
        // predicate, a join's inner query or a nested projection does not say how many of its rows were read.
        var spine = new HashSet<Expression>();
        for (var e = queryExpression; e is MethodCallExpression { Arguments.Count: > 0 } call; e = call.Arguments[0])
        {
            spine.Add(call);
        }

        return new Tagger(context.Model, Outermost(queryExpression), spine).Visit(queryExpression);
    }

    // The query's final Select: the root, or under terminal operators (First, Single, ...) and ordering/paging.
    private static MethodCallExpression? Outermost(Expression query)
    {
        while (query is MethodCallExpression call && call.Method.DeclaringType == typeof(Queryable) && call.Arguments.Count > 0)
        {
            if (call.Method.Name == nameof(Queryable.Select))
            {
                return call;
            }

            query = call.Arguments[0];
        }

        return null;
    }

    private sealed class Tagger(IModel model, MethodCallExpression? outermost, HashSet<Expression> spine) : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            var visited = (MethodCallExpression)base.VisitMethodCall(node);
            if (!spine.Contains(node) || node.Method.DeclaringType != typeof(Queryable) || node.Method.Name != nameof(Queryable.Select) || node.Arguments.Count != 2
                || Lambda(node.Arguments[1]) is not { Parameters.Count: 1 } selector || selector.Body == selector.Parameters[0]
                || model.FindEntityType(selector.Parameters[0].Type) is not { } entityType || entityType.IsOwned())
            {
                return visited;
            }

            var parameter = selector.Parameters[0];
            var tag = new ProjectionTag(entityType.Name, node == outermost ? KeyAlias(selector.Body, parameter, entityType) : null, Fields(selector.Body, parameter));
            var source = visited.Arguments[0];
            var element = parameter.Type;
            var tagged = Expression.Call(TagWith.MakeGenericMethod(element), source, Expression.Constant(tag.Text));
            return visited.Update(visited.Object, [tagged, visited.Arguments[1]]);
        }

        private static LambdaExpression? Lambda(Expression e) => (e is UnaryExpression { NodeType: ExpressionType.Quote } quote ? quote.Operand : e) as LambdaExpression;

        // The reader column that holds the key when the projection includes it (single-property keys only).
        private static string? KeyAlias(Expression body, ParameterExpression parameter, IEntityType entityType)
        {
            if (entityType.FindPrimaryKey()?.Properties is not [var key])
            {
                return null;
            }

            bool IsKey(Expression e) => Strip(e) is MemberExpression { Expression: var on } access && on == parameter && access.Member.Name == key.Name;
            switch (Strip(body))
            {
                case var direct when IsKey(direct):
                    return key.GetColumnName();
                case NewExpression { Members: { } members } created:
                    for (var i = 0; i < created.Arguments.Count; i++)
                    {
                        if (IsKey(created.Arguments[i]))
                        {
                            return members[i].Name;
                        }
                    }

                    return null;
                case MemberInitExpression init:
                    return init.Bindings.OfType<MemberAssignment>().FirstOrDefault(b => IsKey(b.Expression))?.Member.Name;
                default:
                    return null;
            }
        }

        // The entity's members the projection reads (c.CreditLimit, c.BillingAddress.City → BillingAddress.City).
        private static List<string> Fields(Expression body, ParameterExpression parameter)
        {
            var finder = new MemberFinder(parameter);
            finder.Visit(body);
            return finder.Fields;
        }

        private static Expression Strip(Expression e) => e is UnaryExpression { NodeType: ExpressionType.Convert or ExpressionType.ConvertChecked } convert ? Strip(convert.Operand) : e;
    }

    private sealed class MemberFinder(ParameterExpression parameter) : ExpressionVisitor
    {
        public List<string> Fields { get; } = [];

        protected override Expression VisitMember(MemberExpression node)
        {
            var path = new List<string>();
            Expression? e = node;
            while (e is MemberExpression member)
            {
                path.Insert(0, member.Member.Name);
                e = member.Expression;
            }

            if (e == parameter)
            {
                var field = string.Join(".", path);
                if (!Fields.Contains(field))
                {
                    Fields.Add(field);
                }

                return node;
            }

            return base.VisitMember(node);
        }
    }
}
