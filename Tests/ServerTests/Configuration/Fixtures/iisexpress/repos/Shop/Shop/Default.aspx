<%@ Page Language="C#" %>
<script runat="server">secret</script>
